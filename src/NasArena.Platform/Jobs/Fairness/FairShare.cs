using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs.Fairness;

/// <summary>A run a job took: its own submission's, or the fairer one it started instead.</summary>
public sealed record Turn(Guid Id, int Run);

/// <summary>
/// Fair queues (ADR 0046). Hangfire's queue is first come, first served; here a job is a turn on its queue rather than a
/// promise to score one submission: the job of a waiting submission starts the fairest waiting one on the same queue (the
/// competition, then the team, that started least recently; within a team the one waiting longest), never a team's run
/// beyond its cap, and puts its own submission's job back at the end of the queue. The database decides: every claim is
/// conditional, so a job that runs twice or races another starts nothing twice.
/// </summary>
public sealed class FairShare(NasArenaDb db, SubmissionStates states, IScoringQueue queue, FairQueueOptions options, JobOptions jobs,
    ILogger<FairShare> log)
{
    /// <summary>A submission that may start now, with what orders it.</summary>
    private sealed record Candidate(Guid Id, int Run, Guid TeamId, TrackKind Kind, int Cap);

    /// <summary>Claims fairer candidates one after another while others win the race for them.</summary>
    private const int Tries = 5;

    /// <summary>
    /// The job of (<paramref name="id"/>, <paramref name="run"/>) takes its turn: the run it claimed, or null when it has
    /// nothing to do (not waiting any more; or every team waiting on this queue has its cap running: the end of one of those
    /// runs wakes the queue, <see cref="WakeAsync"/>).
    /// </summary>
    public async Task<Turn?> TakeTurnAsync(Guid id, int run, CancellationToken ct)
    {
        var own = options.Enabled
            ? await db.Submissions.AsNoTracking().Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Queued)
                .Select(s => new { s.Phase!.Track!.Kind, Retry = s.Attempts > 0 || s.OutageRetries > 0 }).SingleOrDefaultAsync(ct)
            : null;
        if (own is null)
        {
            // Off, or not waiting: a silent worker's run is taken over where it is (it already had its turn), else nothing.
            return await states.ClaimAsync(id, run, ct) ? new Turn(id, run) : null;
        }
        var candidates = await EligibleAsync(TrackCatalog.Get(own.Kind).Queue, id, ct);
        foreach (var next in candidates.Take(Tries))
        {
            if (!await states.ClaimWithinCapAsync(next.Id, next.Run, next.TeamId, next.Cap, ct))
            {
                continue;
            }
            if (next.Id != id)
            {
                log.LogDebug("The job of {Own} started {Fairer} first; it goes back to the end of the queue", id, next.Id);
                await states.PassTurnAsync(id, run, () => queue.Enqueue(id, run, own.Kind), ct);
            }
            return new Turn(next.Id, next.Run);
        }
        if (candidates.Count > 0)
        {
            // Others took every fair candidate meanwhile: keep this submission's place in the line.
            await states.PassTurnAsync(id, run, () => queue.Enqueue(id, run, own.Kind), ct);
        }
        else if (own.Retry)
        {
            // A retry is never woken (its back-off is its own job's delay): its team at the cap, it looks again later.
            await states.PassTurnAsync(id, run, () => queue.Retry(id, run, own.Kind, jobs.WatchdogInterval), ct);
        }
        return null;
    }

    /// <summary>
    /// After a run ended (or a watchdog pass): puts the job of the fairest submission that may start now on the queue, so a
    /// team whose jobs found it at its cap (and ended doing nothing) goes on. A second job for one submission does nothing.
    /// </summary>
    public async Task WakeAsync(string queueName, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return;
        }
        try
        {
            if ((await EligibleAsync(queueName, null, ct)).FirstOrDefault() is { } next)
            {
                await states.PassTurnAsync(next.Id, next.Run, () => queue.Enqueue(next.Id, next.Run, next.Kind), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Best effort: the watchdog wakes every queue on each pass.
            log.LogWarning(e, "Could not wake the {Queue} queue", queueName);
        }
    }

    /// <summary>
    /// The queued submissions of <paramref name="queueName"/> whose team is below its cap, fairest first: the competition
    /// whose last run on this queue started longest ago (never: first), then the team likewise, then the longest waiting.
    /// Read whole: the line is at most the submissions waiting on one queue, a few columns each. A retry (attempts spent,
    /// or an outage waited out) waits for its own job, which carries its back-off: only <paramref name="own"/> may be one.
    /// </summary>
    private async Task<List<Candidate>> EligibleAsync(string queueName, Guid? own, CancellationToken ct)
    {
        var kinds = TrackCatalog.All.Where(k => k.Queue == queueName).Select(k => k.Kind).ToList();
        var queued = await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Queued && kinds.Contains(s.Phase!.Track!.Kind) &&
                ((s.Attempts == 0 && s.OutageRetries == 0) || s.Id == own))
            .Select(s => new
            {
                s.Id,
                s.ScoringRun,
                s.TeamId,
                s.Phase!.Track!.CompetitionId,
                s.Phase.Track.Kind,
                s.WaitingSince,
                s.CreatedAt,
                s.Phase.Track.Competition!.MaxRunningPerTeam,
            })
            .ToListAsync(ct);
        if (queued.Count == 0)
        {
            return [];
        }
        var teams = queued.Select(q => q.TeamId).Distinct().ToList();
        var competitions = queued.Select(q => q.CompetitionId).Distinct().ToList();
        var running = await db.Submissions.Where(s => s.Status == SubmissionStatus.Running && teams.Contains(s.TeamId))
            .GroupBy(s => s.TeamId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        var started = db.Submissions.Where(s => s.StartedAt != null && kinds.Contains(s.Phase!.Track!.Kind));
        var teamStarts = await started.Where(s => teams.Contains(s.TeamId))
            .GroupBy(s => s.TeamId).Select(g => new { g.Key, Last = g.Max(s => s.StartedAt) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        var competitionStarts = await started.Where(s => competitions.Contains(s.Phase!.Track!.CompetitionId))
            .GroupBy(s => s.Phase!.Track!.CompetitionId).Select(g => new { g.Key, Last = g.Max(s => s.StartedAt) })
            .ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        return queued
            .Select(q => (q, Cap: options.CapFor(q.MaxRunningPerTeam)))
            .Where(x => running.GetValueOrDefault(x.q.TeamId) < x.Cap)
            .OrderBy(x => competitionStarts.GetValueOrDefault(x.q.CompetitionId) ?? DateTimeOffset.MinValue)
            .ThenBy(x => teamStarts.GetValueOrDefault(x.q.TeamId) ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.q.WaitingSince ?? x.q.CreatedAt)
            .ThenBy(x => x.q.Id)
            .Select(x => new Candidate(x.q.Id, x.q.ScoringRun, x.q.TeamId, x.q.Kind, x.Cap))
            .ToList();
    }
}
