using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Each transition of <see cref="SubmissionStates"/> happens from the status it allows and is refused (false, nothing
/// changed) from another status or an older run. Rows are set up in the database directly, as a race would leave them.
/// </summary>
public abstract class SubmissionStateMachineTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private Task<T> StatesAsync<T>(Func<SubmissionStates, Task<T>> work) =>
        host.InScopeAsync(sp => work(sp.GetRequiredService<SubmissionStates>()));

    /// <summary>A scored submission put back as <paramref name="status"/> of run 1, as a worker or a rescore leaves one.</summary>
    private async Task<Guid> InAsync(SubmissionStatus status)
    {
        var (_, id) = await _rows.ScoredAsync();
        await _rows.SetAsync(id, x => { x.Force(status: status); x.Force(run: 1); x.HeartbeatAt = DateTimeOffset.UtcNow; x.QueuedAt = DateTimeOffset.UtcNow; });
        return id;
    }

    private async Task<Guid> UploadingAsync()
    {
        var s = await Scenario.CreateAsync(host);
        return await host.DbAsync(async db =>
        {
            var sub = new Submission
            {
                PhaseId = s.PhaseId,
                TeamId = (await db.Teams.FirstAsync()).Id,
                SubmittedById = Guid.Empty,
                FileName = "p.csv",
                CreatedAt = DateTimeOffset.UtcNow, // Uploading: a new submission's first state
            };
            db.Submissions.Add(sub);
            await db.SaveChangesAsync();
            return sub.Id;
        });
    }

    private static Artifact NewArtifact() => new()
    {
        ObjectKey = $"submissions/test/{Guid.NewGuid():N}/p.csv",
        SizeBytes = 1,
        Sha256 = "00",
        ContentType = "text/csv",
        FileName = "p.csv",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task AnUploadIsQueuedWithItsArtifactOnlyWhileItIsStillUploadingInItsRun()
    {
        var id = await UploadingAsync();
        var late = NewArtifact();
        Assert.False(await StatesAsync(st => st.QueueUploadAsync(id, 1, NewArtifact(), CancellationToken.None)));
        var artifact = NewArtifact();
        Assert.True(await StatesAsync(st => st.QueueUploadAsync(id, 0, artifact, CancellationToken.None)));
        Assert.False(await StatesAsync(st => st.QueueUploadAsync(id, 0, late, CancellationToken.None)));
        var row = await _rows.LoadAsync(id);
        // Ended at once, so no worker picks up a file that is not in storage.
        await _rows.SetAsync(id, x => x.Force(status: SubmissionStatus.Cancelled));
        Assert.Equal(SubmissionStatus.Queued, row.Status);
        Assert.Equal(artifact.Id, row.ArtifactId);
        Assert.Null(row.QueuedAt);
        Assert.False(await host.DbAsync(db => db.Artifacts.AnyAsync(a => a.Id == late.Id)));
    }

    [Fact]
    public async Task AnAbandonedUploadIsRemovedButOneThatCompletedIsKept()
    {
        var uploading = await UploadingAsync();
        Assert.False(await StatesAsync(st => st.AbandonUploadAsync(uploading, 1, CancellationToken.None)));
        Assert.True(await StatesAsync(st => st.AbandonUploadAsync(uploading, 0, CancellationToken.None)));
        Assert.False(await host.DbAsync(db => db.Submissions.AnyAsync(x => x.Id == uploading)));
        var (_, scored) = await _rows.ScoredAsync();
        Assert.False(await StatesAsync(st => st.AbandonUploadAsync(scored, 0, CancellationToken.None)));
        Assert.True(await host.DbAsync(db => db.Submissions.AnyAsync(x => x.Id == scored)));
    }

    [Theory]
    [InlineData(SubmissionStatus.Queued)]
    [InlineData(SubmissionStatus.Running)]
    public async Task ACancelEndsAQueuedOrRunningSubmissionWithItsReasonAndDropsItsShards(SubmissionStatus status)
    {
        var id = await InAsync(status);
        await host.DbAsync(db =>
        {
            db.Shards.Add(new Shard { SubmissionId = id, ScoringRun = 1, ShardIndex = 0, Count = 1, Status = ShardStatus.Done, CreatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        Assert.True(await StatesAsync(st => st.CancelAsync(id, 1, "Cancelled by your team.", CancellationToken.None)));
        var row = await _rows.LoadAsync(id);
        Assert.Equal(SubmissionStatus.Cancelled, row.Status);
        Assert.Equal("Cancelled by your team.", row.FailureReason);
        Assert.NotNull(row.FinishedAt);
        Assert.False(await host.DbAsync(db => db.Shards.AnyAsync(x => x.SubmissionId == id)));
    }

    [Fact]
    public async Task ACancelAfterScoringOrOfAnOlderRunIsRefusedAndChangesNothing()
    {
        var (_, scored) = await _rows.ScoredAsync();
        Assert.False(await StatesAsync(st => st.CancelAsync(scored, 0, "late", CancellationToken.None)));
        Assert.Equal(SubmissionStatus.Scored, (await _rows.LoadAsync(scored)).Status);
        var running = await InAsync(SubmissionStatus.Running);
        Assert.False(await StatesAsync(st => st.CancelAsync(running, 0, "late", CancellationToken.None)));
        var row = await _rows.LoadAsync(running);
        await _rows.SetAsync(running, x => x.Force(status: SubmissionStatus.Scored));
        Assert.Equal(SubmissionStatus.Running, row.Status);
        Assert.Null(row.FailureReason);
    }

    [Fact]
    public async Task ARescoreStartsAFreshRunThatForgetsTheOldRunsAttemptsAndOutageRetries()
    {
        var id = await InAsync(SubmissionStatus.Failed);
        await _rows.SetAsync(id, x => { x.Force(attempts: 2); x.OutageRetries = 3; x.FailureReason = "broke"; x.StartedAt = x.FinishedAt = DateTimeOffset.UtcNow; x.ProgressDone = 5; });
        Assert.True(await StatesAsync(st => st.RescoreAsync(id, 1, SubmissionStatus.Failed, CancellationToken.None)));
        var row = await _rows.LoadAsync(id);
        Assert.Equal((2, SubmissionStatus.Queued, 0, 0), (row.ScoringRun, row.Status, row.Attempts, row.OutageRetries));
        Assert.Equal((null, null, null, null, null), (row.QueuedAt, row.StartedAt, row.FinishedAt, row.HeartbeatAt, row.FailureReason));
        Assert.Equal(0, row.ProgressDone);
    }

    [Fact]
    public async Task ARescoreIsRefusedFromAnotherStatusThanTheOneReadFromAnOlderRunAndWhenCancelled()
    {
        var id = await InAsync(SubmissionStatus.Scored);
        Assert.False(await StatesAsync(st => st.RescoreAsync(id, 1, SubmissionStatus.Failed, CancellationToken.None)));
        Assert.False(await StatesAsync(st => st.RescoreAsync(id, 0, SubmissionStatus.Scored, CancellationToken.None)));
        await _rows.SetAsync(id, x => x.Force(status: SubmissionStatus.Cancelled));
        Assert.False(await StatesAsync(st => st.RescoreAsync(id, 1, SubmissionStatus.Cancelled, CancellationToken.None)));
        var row = await _rows.LoadAsync(id);
        Assert.Equal((1, SubmissionStatus.Cancelled), (row.ScoringRun, row.Status));
    }

    private async Task<bool> SucceedAsync(Guid id, int run)
    {
        var phase = await host.DbAsync(db => db.Submissions.Where(x => x.Id == id).Select(x => x.Phase!).AsNoTracking().SingleAsync());
        var metrics = new Dictionary<string, double> { ["rmse"] = 1 };
        return await StatesAsync(st => st.SucceedAsync(id, run, phase, "test", new ScoreResult(metrics, metrics), CancellationToken.None));
    }

    [Fact]
    public async Task ARescoreRacingAWorkersSuccessLeavesOneOutcomeWhicheverComesFirst()
    {
        var rescoredFirst = await InAsync(SubmissionStatus.Running);
        Assert.True(await StatesAsync(st => st.RescoreAsync(rescoredFirst, 1, SubmissionStatus.Running, CancellationToken.None)));
        Assert.False(await SucceedAsync(rescoredFirst, 1));
        var rescored = await _rows.LoadAsync(rescoredFirst);
        Assert.Equal((2, SubmissionStatus.Queued), (rescored.ScoringRun, rescored.Status));

        var scoredFirst = await InAsync(SubmissionStatus.Running);
        Assert.True(await SucceedAsync(scoredFirst, 1));
        Assert.False(await StatesAsync(st => st.RescoreAsync(scoredFirst, 1, SubmissionStatus.Running, CancellationToken.None)));
        var row = await _rows.LoadAsync(scoredFirst);
        Assert.Equal((1, SubmissionStatus.Scored, "test"), (row.ScoringRun, row.Status, row.ScorerVersion));
    }

    [Fact]
    public async Task TheWatchdogEnqueuesALostJobOnceAndLeavesAClaimedSubmissionAlone()
    {
        var id = await InAsync(SubmissionStatus.Queued);
        await _rows.SetAsync(id, x => x.QueuedAt = DateTimeOffset.UtcNow.AddHours(-1));
        var enqueued = 0;
        var lostBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        Assert.False(await StatesAsync(st => st.EnqueueLostAsync(id, 0, lostBefore, () => enqueued++, CancellationToken.None)));
        Assert.True(await StatesAsync(st => st.EnqueueLostAsync(id, 1, lostBefore, () => enqueued++, CancellationToken.None)));
        // A second watchdog pass finds it enqueued just now.
        Assert.False(await StatesAsync(st => st.EnqueueLostAsync(id, 1, lostBefore, () => enqueued++, CancellationToken.None)));
        await _rows.SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.QueuedAt = DateTimeOffset.UtcNow.AddHours(-1); });
        Assert.False(await StatesAsync(st => st.EnqueueLostAsync(id, 1, lostBefore, () => enqueued++, CancellationToken.None)));
        await _rows.SetAsync(id, x => x.Force(status: SubmissionStatus.Scored));
        Assert.Equal(1, enqueued);
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionStateMachineOnSqliteAndDisk(SqliteDiskHost fixture) : SubmissionStateMachineTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionStateMachineOnPostgresAndS3(PostgresS3Host fixture) : SubmissionStateMachineTests(fixture.Host);
