using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Supernet;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Issue 8, busy is not dead: a sharded supernet submission (2 shards) on a host whose worker serves no "gpu" queue, so
/// the test plays the workers itself: the coordinator and each shard job run when the test says, a "kill" is a lease
/// left running with an old heartbeat, and the watchdog runs on demand.
/// </summary>
public abstract class ShardLeaseTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private async Task<Guid> SubmitAsync()
    {
        var scenario = await SupernetScenario.CreateAsync(host);
        var dir = Directory.CreateTempSubdirectory("nasarena-shards").FullName;
        await StarterKit.WriteCheckpointsAsync(dir);
        var response = await scenario.Participant.SubmitAsync(scenario.PhaseId, "supernet.pt", await File.ReadAllBytesAsync(Path.Combine(dir, "supernet.pt")));
        return Guid.Parse((await ApiClient.ExpectAsync(response, HttpStatusCode.Accepted))["id"]!.GetValue<string>());
    }

    /// <summary>A new submission is in run 0 (a rescore starts run 1).</summary>
    private const int Run = 0;

    private Task CoordinateAsync(Guid id) =>
        host.InScopeAsync(sp => sp.GetRequiredService<ScoreSubmissionJob>().RunAsync(id, Run, CancellationToken.None));

    private async Task RunShardAsync(Guid id, int index)
    {
        var shard = (await ShardsAsync(id))[index];
        await host.InScopeAsync(sp => sp.GetRequiredService<ScoreShardJob>().RunAsync(id, Run, index, shard.Start, shard.Count, CancellationToken.None));
    }

    private Task<List<Shard>> ShardsAsync(Guid id) =>
        host.DbAsync(db => db.Shards.AsNoTracking().Where(s => s.SubmissionId == id).OrderBy(s => s.ShardIndex).ToListAsync());

    private Task AgeAsync(Guid id, int? shard, TimeSpan age) => host.DbAsync(async db =>
    {
        var at = DateTimeOffset.UtcNow - age;
        if (shard is { } index)
        {
            return await db.Shards.Where(s => s.SubmissionId == id && s.ShardIndex == index).ExecuteUpdateAsync(u => u.SetProperty(s => s.HeartbeatAt, at));
        }
        return await db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.HeartbeatAt, at));
    });

    /// <summary>As a kill -9 leaves it: the shard claimed (attempt spent, status running), its heartbeat long gone.</summary>
    private Task KillDuringShardAsync(Guid id, int index, int attempts) => host.DbAsync(db =>
        db.Shards.Where(s => s.SubmissionId == id && s.ShardIndex == index).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Status, ShardStatus.Running).SetProperty(s => s.Attempts, attempts)
            .SetProperty(s => s.HeartbeatAt, DateTimeOffset.UtcNow.AddMinutes(-10))));

    [Fact]
    public async Task ShardsWaitingInABusyQueueLongerThanTheHeartbeatTimeoutAreWaitingNotLost()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        Assert.All(await ShardsAsync(id), s => Assert.Equal((ShardStatus.Queued, 0), (s.Status, s.Attempts)));
        Assert.All(await ShardsAsync(id), s => Assert.NotNull(s.QueuedAt));
        // The coordinator is done; the shards wait behind other work for far longer than the heartbeat timeout.
        await AgeAsync(id, null, TimeSpan.FromMinutes(10));
        await _rows.RunWatchdogAsync();

        var waiting = await _rows.LoadAsync(id);
        Assert.Equal((SubmissionStatus.Running, 1), (waiting.Status, waiting.Attempts));
        Assert.All(await ShardsAsync(id), s => Assert.Equal((ShardStatus.Queued, 0), (s.Status, s.Attempts)));

        await RunShardAsync(id, 0);
        await RunShardAsync(id, 1);
        var scored = await _rows.LoadAsync(id);
        Assert.Equal(SubmissionStatus.Scored, scored.Status);
        Assert.Equal(1, scored.Attempts);
        Assert.Equal(0, scored.OutageRetries);
        Assert.Empty(await ShardsAsync(id));
    }

    [Fact]
    public async Task AShardWhoseWorkerWasKilledRunsAgainAloneAfterOneWatchdogPassAndTheShardDoneIsNotRedone()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        await RunShardAsync(id, 0);
        var done = (await ShardsAsync(id))[0];
        Assert.Equal((ShardStatus.Done, 1), (done.Status, done.Attempts));
        await KillDuringShardAsync(id, 1, attempts: 1);

        await _rows.RunWatchdogAsync();
        var after = await ShardsAsync(id);
        Assert.Equal((ShardStatus.Done, 1, done.FinishedAt, done.ResultJson), (after[0].Status, after[0].Attempts, after[0].FinishedAt, after[0].ResultJson));
        Assert.Equal((ShardStatus.Queued, 1), (after[1].Status, after[1].Attempts));
        Assert.NotNull(after[1].QueuedAt);
        Assert.Equal((SubmissionStatus.Running, 1), ((await _rows.LoadAsync(id)).Status, (await _rows.LoadAsync(id)).Attempts));

        await RunShardAsync(id, 1);
        Assert.Equal(SubmissionStatus.Scored, (await _rows.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task AShardSilentOnItsLastAttemptFailsTheSubmissionSayingItsWorkerStoppedResponding()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        await KillDuringShardAsync(id, 1, attempts: host.Get<JobOptions>().MaxAttempts);
        await _rows.RunWatchdogAsync();

        var failed = await _rows.LoadAsync(id);
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.False(failed.CountsAgainstQuota);
        Assert.Contains("part 2 of this submission stopped responding 3 times", failed.FailureReason);
        Assert.Contains("a crash, a kill or a lost machine", failed.FailureReason);
        Assert.Empty(await ShardsAsync(id));
    }

    [Fact]
    public async Task AShardJobRunTwiceStoresOneResultAndAJobForAShardDoneDoesNothing()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        await RunShardAsync(id, 0);
        var first = (await ShardsAsync(id))[0];
        await RunShardAsync(id, 0);
        var again = (await ShardsAsync(id))[0];
        Assert.Equal((first.Attempts, first.FinishedAt), (again.Attempts, again.FinishedAt));
    }

    [Fact]
    public async Task ACoordinatorKilledAfterSavingTheShardsButBeforeQueueingThemHasThemQueuedByTheWatchdog()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        // As if the process died between saving the plan and enqueueing: QueuedAt is still null.
        await host.DbAsync(db => db.Shards.Where(s => s.SubmissionId == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.QueuedAt, (DateTimeOffset?)null)));
        await _rows.RunWatchdogAsync();
        Assert.All(await ShardsAsync(id), s => Assert.Equal(ShardStatus.Queued, s.Status));
        Assert.All(await ShardsAsync(id), s => Assert.NotNull(s.QueuedAt));
    }

    [Fact]
    public async Task ACombinerKilledAfterTheLastShardIsCombinedByARescuedCoordinatorWithoutScoringAShardAgain()
    {
        var id = await SubmitAsync();
        await CoordinateAsync(id);
        await RunShardAsync(id, 0);
        // Shard 1 scored and stored, then the process died before combining: every shard done, the submission silent.
        var other = (await ShardsAsync(id))[1];
        await host.InScopeAsync(async sp =>
        {
            var scorer = (IShardedScorer)sp.GetRequiredService<ScorerRegistry>().Get(TrackKind.Supernet);
            using var workspace = await ScoringWorkspace.StageAsync(sp.GetRequiredService<NasArenaDb>(), sp.GetRequiredService<IObjectStore>(),
                sp.GetRequiredService<AssetStager>(), sp.GetRequiredService<ProcessScratch>(),
                sp.GetRequiredService<NasArena.Platform.Submissions.Debug.DebugRunOptions>(), id, null, CancellationToken.None);
            var json = await scorer.ScoreShardAsync(workspace.Request, other.Start, other.Count, CancellationToken.None);
            var shards = sp.GetRequiredService<ShardStates>();
            Assert.NotNull(await shards.ClaimAsync(id, Run, 1, CancellationToken.None));
            Assert.True(await shards.CompleteAsync(id, Run, 1, json, CancellationToken.None));
        });
        await AgeAsync(id, null, TimeSpan.FromMinutes(10));
        var before = await ShardsAsync(id);
        await _rows.RunWatchdogAsync();
        Assert.Equal(SubmissionStatus.Queued, (await _rows.LoadAsync(id)).Status);
        Assert.Equal(before.Select(s => (s.Attempts, s.FinishedAt)), (await ShardsAsync(id)).Select(s => (s.Attempts, s.FinishedAt)));
        await CoordinateAsync(id);
        var combined = await _rows.LoadAsync(id);
        Assert.True(combined.Status == SubmissionStatus.Scored, combined.FailureReason);
        Assert.Equal(2, combined.Attempts);
    }
}

/// <summary>Hosts whose worker serves only the "cpu" queue: sharded (gpu) work waits until a test runs it.</summary>
public sealed class GpuPausedSqliteHost : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?> { ["Worker:Queues:0"] = "cpu" });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class GpuPausedPostgresHost : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(Stack.PostgresS3, new Dictionary<string, string?> { ["Worker:Queues:0"] = "cpu" });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[Trait("Category", "Integration")]
public sealed class ShardLeasesOnSqliteAndDisk(GpuPausedSqliteHost fixture) : ShardLeaseTests(fixture.Host), IClassFixture<GpuPausedSqliteHost>;

[Trait("Category", "Integration")]
public sealed class ShardLeasesOnPostgresAndS3(GpuPausedPostgresHost fixture) : ShardLeaseTests(fixture.Host), IClassFixture<GpuPausedPostgresHost>;
