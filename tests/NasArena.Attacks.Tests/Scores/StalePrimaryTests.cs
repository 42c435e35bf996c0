using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Issue 23, why 12: a score's primary value must be the phase's primary metric as it is when the score is written. The
/// races are run in their racing order, step by step: a job that read the phase before the organizer changed the metric
/// writes after; a rescore finishes while the metric change recomputes the stored primaries.
/// </summary>
public abstract class StalePrimaryTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    /// <summary>Different values per metric, so the test sees which one a primary came from.</summary>
    private static readonly Dictionary<string, double> Metrics = new() { ["kendall_tau"] = 0.25, ["spearman_rho"] = 0.75 };

    private Task<T> StatesAsync<T>(Func<SubmissionStates, Task<T>> work) =>
        host.InScopeAsync(sp => work(sp.GetRequiredService<SubmissionStates>()));

    private static Task<Phase> PhaseAsync(PlatformHost host, Guid id) =>
        host.DbAsync(db => db.Phases.AsNoTracking().Include(p => p.Track).SingleAsync(p => p.Id == id));

    private static async Task ChangePrimaryAsync(Scenario s, string metric) =>
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}", new
        {
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            dailyLimit = 20,
            totalLimit = 100,
            primaryMetric = metric,
        }), HttpStatusCode.OK);

    /// <summary>Its next run, running, as a worker that claimed it leaves it.</summary>
    private async Task<int> RunningAgainAsync(Guid id)
    {
        var run = (await _rows.LoadAsync(id)).ScoringRun + 1;
        await _rows.SetAsync(id, x => { x.Force(run: run); x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        return run;
    }

    [Fact]
    public async Task AJobThatReadThePhaseBeforeThePrimaryMetricChangedWritesThePrimaryOfTheNewMetric()
    {
        var (s, id) = await _rows.ScoredAsync();
        var run = await RunningAgainAsync(id);
        var readByTheJob = await PhaseAsync(host, s.PhaseId); // kendall_tau
        await ChangePrimaryAsync(s, "spearman_rho");

        Assert.True(await StatesAsync(st => st.SucceedAsync(id, run, readByTheJob, "test", new ScoreResult(Metrics, Metrics), CancellationToken.None)));

        var score = (await _rows.LoadAsync(id)).Score!;
        Assert.Equal((0.75, 0.75), (score.PublicPrimary, score.PrivatePrimary));
    }

    [Fact]
    public async Task ARescoreFinishingWhileThePrimaryIsRecomputedIsNotOverwrittenWithItsOldMetrics()
    {
        var (s, id) = await _rows.ScoredAsync();
        var run = await RunningAgainAsync(id);
        await host.DbAsync(async db => await db.Phases.Where(p => p.Id == s.PhaseId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.PrimaryMetric, "spearman_rho")));
        var phase = await PhaseAsync(host, s.PhaseId);

        // The refresh has read the stored scores (the first run's metrics); the rescore's run finishes now, in its own
        // scope. Where the refresh holds the phase, the rescore waits for it (a few seconds given), then writes.
        Task<bool>? finishing = null;
        await host.InScopeAsync(sp => ScoreRecords.RefreshPrimaryAsync(sp.GetRequiredService<Platform.Data.NasArenaDb>(), phase, CancellationToken.None,
            afterRead: async () =>
            {
                // On a thread of its own: SQLite's driver waits for a lock synchronously, inside the call.
                finishing = Task.Run(() => StatesAsync(st => st.SucceedAsync(id, run, phase, "test", new ScoreResult(Metrics, Metrics), CancellationToken.None)));
                await Task.WhenAny(finishing, Task.Delay(TimeSpan.FromSeconds(3)));
            }));
        Assert.True(await finishing!);

        var score = (await _rows.LoadAsync(id)).Score!;
        Assert.Equal(run, score.ScoringRun);
        Assert.Equal((0.75, 0.75), (score.PublicPrimary, score.PrivatePrimary));
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class StalePrimaryOnSqlite(SqliteDiskHost fixture) : StalePrimaryTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class StalePrimaryOnPostgres(PostgresS3Host fixture) : StalePrimaryTests(fixture.Host);
