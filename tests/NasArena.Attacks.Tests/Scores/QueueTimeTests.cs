using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Issue 23, why 8: the watchdog fails a queued run that no worker could start within MaxQueueTime. It must judge by when
/// the current run was queued (a rescore, a hand-back), never by the upload's age, or a rescore of day-old submissions
/// drops them all off the board. Rows are aged in the database (the hosts use the system clock).
/// </summary>
public abstract class QueueTimeTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private Task<T> StatesAsync<T>(Func<SubmissionStates, Task<T>> work) =>
        host.InScopeAsync(sp => work(sp.GetRequiredService<SubmissionStates>()));

    /// <summary>A scored submission uploaded two days ago.</summary>
    private async Task<Guid> OldScoredAsync()
    {
        var (_, id) = await _rows.ScoredAsync();
        await _rows.SetAsync(id, x => x.CreatedAt = DateTimeOffset.UtcNow.AddDays(-2));
        return id;
    }

    /// <summary>Its job has waited in the queue past RequeueAfter (workers busy), so the watchdog looks at it.</summary>
    private Task WaitedAWhileAsync(Guid id) => _rows.SetAsync(id, x => x.QueuedAt = DateTimeOffset.UtcNow.AddMinutes(-20));

    [Fact]
    public async Task TheWatchdogJudgesWaitingByTheCurrentRunsQueueTimeNotByTheUploadsAge()
    {
        // A phase rescore's transition: the old upload's new run is queued now.
        var rescored = await OldScoredAsync();
        var row = await _rows.LoadAsync(rescored);
        Assert.True(await StatesAsync(st => st.RescoreAsync(rescored, row.ScoringRun, SubmissionStatus.Scored, CancellationToken.None)));
        await WaitedAWhileAsync(rescored);

        // A stopping worker's hand-back of an old upload's run (a rolling deploy).
        var handedBack = await OldScoredAsync();
        row = await _rows.LoadAsync(handedBack);
        await _rows.SetAsync(handedBack, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        Assert.True(await StatesAsync(st => st.HandBackAsync(handedBack, row.ScoringRun, CancellationToken.None)));
        await WaitedAWhileAsync(handedBack);

        // A run that truly waited past MaxQueueTime (24 h) is still failed, with its reason.
        // Written in one update, so no worker can take it in between.
        var waitedTooLong = await OldScoredAsync();
        await _rows.SetAsync(waitedTooLong, x =>
        {
            x.Force(status: SubmissionStatus.Queued, run: x.ScoringRun + 1);
            (x.WaitingSince, x.QueuedAt) = (DateTimeOffset.UtcNow.AddHours(-25), DateTimeOffset.UtcNow.AddMinutes(-20));
        });

        await _rows.RunWatchdogAsync();

        var failed = await _rows.LoadAsync(waitedTooLong);
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.StartsWith("No worker could start scoring this submission within 24 hours.", failed.FailureReason);

        foreach (var id in new[] { rescored, handedBack })
        {
            var after = await _rows.LoadAsync(id);
            Assert.True(after.Status != SubmissionStatus.Failed, $"The watchdog failed a run queued minutes ago: {after.FailureReason}");
            // The watchdog enqueued it again (its job may have been lost), and a worker scores it.
            await _rows.WaitForAsync(id, x => x.Status == SubmissionStatus.Scored, "was scored again");
        }
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class QueueTimeOnSqlite(SqliteDiskHost fixture) : QueueTimeTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class QueueTimeOnPostgres(PostgresS3Host fixture) : QueueTimeTests(fixture.Host);
