using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>Jobs are safe to run twice, transient faults are retried, and the watchdog ends what nobody works on.</summary>
public abstract class ScoringJobTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private Task<(Scenario S, Guid Id)> ScoredAsync() => _rows.ScoredAsync();

    private Task<Submission> LoadAsync(Guid id) => _rows.LoadAsync(id);

    private Task RunJobAsync(Guid id, int run) =>
        host.InScopeAsync(sp => sp.GetRequiredService<ScoreSubmissionJob>().RunAsync(id, run, CancellationToken.None));

    private Task RunWatchdogAsync() => _rows.RunWatchdogAsync();

    private Task SetAsync(Guid id, Action<Submission> change) => _rows.SetAsync(id, change);

    private Task<Submission> WaitForAsync(Guid id, Func<Submission, bool> done) => _rows.WaitForAsync(id, done);

    [Fact]
    public async Task ScoringTheSameRunTwiceLeavesOneScore()
    {
        var (_, id) = await ScoredAsync();
        var first = await LoadAsync(id);
        await RunJobAsync(id, first.ScoringRun);
        var second = await LoadAsync(id);
        Assert.Equal(first.Score!.ScoredAt, second.Score!.ScoredAt);
        Assert.Equal(first.Attempts, second.Attempts);
        Assert.Equal(1, await host.DbAsync(db => db.Scores.CountAsync(x => x.SubmissionId == id)));
    }

    [Fact]
    public async Task AKilledWorkersJobRunsAgainAndStillLeavesOneScore()
    {
        var (_, id) = await ScoredAsync();
        var before = await LoadAsync(id);
        // As if the worker died mid-job: running, silent for longer than the heartbeat timeout.
        await SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow.AddMinutes(-10); });
        await RunJobAsync(id, before.ScoringRun);
        var after = await LoadAsync(id);
        Assert.Equal(SubmissionStatus.Scored, after.Status);
        Assert.Equal(before.Attempts + 1, after.Attempts);
        Assert.Equal(before.Score!.PublicMetricsJson, after.Score!.PublicMetricsJson);
        Assert.Equal(1, await host.DbAsync(db => db.Scores.CountAsync(x => x.SubmissionId == id)));
    }

    [Fact]
    public async Task AJobOfAnOlderRunDoesNothingAfterARescore()
    {
        var (s, id) = await ScoredAsync();
        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        await s.Participant.WaitForFinalAsync(id);
        var current = await LoadAsync(id);
        await SetAsync(id, x => x.Force(status: SubmissionStatus.Queued));
        await RunJobAsync(id, current.ScoringRun - 1);
        Assert.Equal(SubmissionStatus.Queued, (await LoadAsync(id)).Status);
        await SetAsync(id, x => x.Force(status: SubmissionStatus.Scored));
    }

    [Fact]
    public async Task TheWatchdogQueuesAgainASubmissionWhoseWorkerWentSilent()
    {
        var (_, id) = await ScoredAsync();
        await SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow.AddMinutes(-10); x.Force(attempts: 1); });
        await RunWatchdogAsync();
        var rescued = await WaitForAsync(id, x => x.Status == SubmissionStatus.Scored);
        Assert.Equal(2, rescued.Attempts);
    }

    [Fact]
    public async Task TheWatchdogFailsWithAReasonAndRefundsWhenTheLastAttemptWentSilent()
    {
        var (_, id) = await ScoredAsync();
        var max = host.Get<JobOptions>().MaxAttempts;
        await SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow.AddMinutes(-10); x.Force(attempts: max); });
        await RunWatchdogAsync();
        var failed = await LoadAsync(id);
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.False(failed.CountsAgainstQuota);
        Assert.Contains("stopped responding", failed.FailureReason);
        Assert.Contains("does not count against your quota", failed.FailureReason);
    }

    [Fact]
    public async Task TheWatchdogQueuesAgainASubmissionWhoseJobWasLost()
    {
        var (_, id) = await ScoredAsync();
        await SetAsync(id, x => { x.Force(status: SubmissionStatus.Queued); x.QueuedAt = DateTimeOffset.UtcNow.AddHours(-1); x.Force(attempts: 0); });
        await RunWatchdogAsync();
        await WaitForAsync(id, x => x.Status == SubmissionStatus.Scored);
    }

    [Fact]
    public async Task TheWatchdogRemovesAnUploadThatNeverCompleted()
    {
        var s = await Scenario.CreateAsync(host);
        var store = host.Get<IObjectStore>();
        var (id, key) = await host.DbAsync(async db =>
        {
            var team = await db.Teams.FirstAsync();
            var sub = new Submission
            {
                PhaseId = s.PhaseId,
                TeamId = team.Id,
                SubmittedById = Guid.Empty,
                FileName = "p.csv",
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-2), // Uploading: a new submission's first state
            };
            db.Submissions.Add(sub);
            await db.SaveChangesAsync();
            return (sub.Id, $"submissions/{s.PhaseId}/{sub.Id:N}/p.csv");
        });
        var local = Path.GetTempFileName();
        await File.WriteAllTextAsync(local, "half an upload");
        await store.PutFileAsync(key, local, "text/csv", CancellationToken.None);
        await RunWatchdogAsync();
        Assert.False(await host.DbAsync(db => db.Submissions.AnyAsync(x => x.Id == id)));
        Assert.False(await store.ExistsAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task ATransientStorageFaultIsRetriedAndTheSubmissionStillScores()
    {
        var (s, id) = await ScoredAsync();
        var artifact = (await LoadAsync(id)).Artifact!;
        var store = host.Get<IObjectStore>();
        var saved = Path.GetTempFileName();
        await store.DownloadToFileAsync(artifact.ObjectKey, saved, CancellationToken.None);
        await store.DeleteAsync(artifact.ObjectKey, CancellationToken.None);

        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        // The first attempt finds no file and is put back in the queue with a back-off; then the file is back.
        var retried = await WaitForAsync(id, x => x.Attempts >= 1 && x.Status == SubmissionStatus.Queued);
        Assert.Null(retried.FailureReason);
        await store.PutFileAsync(artifact.ObjectKey, saved, artifact.ContentType, CancellationToken.None);
        var scored = await WaitForAsync(id, x => x.IsFinal);
        Assert.Equal(SubmissionStatus.Scored, scored.Status);
        Assert.Equal(2, scored.Attempts);
    }

    [Fact]
    public async Task APlatformFaultThatPersistsFailsTheSubmissionWithAReasonAndRefundsTheQuota()
    {
        var (s, id) = await ScoredAsync();
        var options = host.Get<JobOptions>();
        var max = options.MaxAttempts;
        options.MaxAttempts = 1;
        try
        {
            var artifact = (await LoadAsync(id)).Artifact!;
            await host.Get<IObjectStore>().DeleteAsync(artifact.ObjectKey, CancellationToken.None);
            await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
            var failed = await s.Participant.WaitForFinalAsync(id);
            Assert.Equal("Failed", failed["status"]!.GetValue<string>());
            Assert.False(failed["countsAgainstQuota"]!.GetValue<bool>());
            var reason = failed["failureReason"]!.GetValue<string>();
            Assert.Contains("platform", reason);
            // The kind of fault in plain words, not the exception and the object's internal key.
            Assert.Contains("missing from object storage", reason);
            Assert.DoesNotContain("Exception", reason);
            Assert.DoesNotContain("submissions/", reason);
        }
        finally
        {
            options.MaxAttempts = max;
        }
    }

    [Fact]
    public async Task AnInterruptedUploadLeavesNoRowAndNoObject()
    {
        var s = await Scenario.CreateAsync(host);
        var before = await host.DbAsync(db => db.Submissions.CountAsync(x => x.PhaseId == s.PhaseId));
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new GeneratedStream(1 << 20, s.PredictionCsv(0.01), failAfter: 3000)), "file", "p.csv");
        await Assert.ThrowsAnyAsync<Exception>(() => s.Participant.Http.PostAsync($"phases/{s.PhaseId}/submissions", form));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await host.DbAsync(db => db.Submissions.CountAsync(x => x.PhaseId == s.PhaseId)) != before)
        {
            Assert.True(DateTime.UtcNow < deadline, "The interrupted upload left a submission row behind.");
            await Task.Delay(100);
        }
        if (host.Stack == Stack.SqliteDisk)
        {
            var root = host.Get<StorageOptions>().DiskRoot;
            var dir = Path.Combine(root, "submissions", s.PhaseId.ToString());
            Assert.True(!Directory.Exists(dir) || Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length == 0);
        }
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ScoringJobsOnSqliteAndDisk(SqliteDiskHost fixture) : ScoringJobTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class ScoringJobsOnPostgresAndS3(PostgresS3Host fixture) : ScoringJobTests(fixture.Host);
