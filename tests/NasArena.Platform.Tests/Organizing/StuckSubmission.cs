using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Organizing;

/// <summary>
/// What a worker killed mid-scoring leaves for the watchdog, made through the state machine's own transitions: a
/// scored submission is rescored (the run's transition; its job is never enqueued, as when the process dies right after)
/// and then claimed by a worker whose clock says an hour ago, so its claim and last heartbeat are an hour old. Nothing
/// more beats for it: the process that claimed it is "gone". Hosts used with it run the watchdog once a day, so the
/// watchdog does not rescue it before the test does.
/// </summary>
public static class StuckSubmission
{
    public static readonly IDictionary<string, string?> NoWatchdog = new Dictionary<string, string?> { ["Jobs:WatchdogInterval"] = "1.00:00:00" };

    private sealed class PastClock(TimeSpan ago) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - ago;
    }

    public static Task MakeAsync(PlatformHost host, Guid id) => host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<NasArenaDb>();
        var row = await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.Equal(SubmissionStatus.Scored, row.Status);
        Assert.True(await sp.GetRequiredService<SubmissionStates>().RescoreAsync(id, row.ScoringRun, row.Status, CancellationToken.None));
        var killedWorker = new SubmissionStates(db, sp.GetRequiredService<JobOptions>(), new PastClock(TimeSpan.FromHours(1)));
        Assert.True(await killedWorker.ClaimAsync(id, row.ScoringRun + 1, CancellationToken.None));
    });
}
