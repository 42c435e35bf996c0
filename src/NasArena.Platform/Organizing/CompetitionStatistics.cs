using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Organizing;

public sealed record DayCount(DateOnly Day, int Submitted, int Scored, int Failed);

/// <summary>Times in seconds; null where no submission of the track has the two times.</summary>
public sealed record TrackTimes(Guid TrackId, string Track, TrackKind Kind, int Finished, double? QueueWaitP50, double? QueueWaitP95,
    double? ScoringP50, double? ScoringP95, double WorkerMinutes);

public sealed record Statistics(int Submissions, List<DayCount> PerDay, Dictionary<FailureKind, int> FailuresByKind, List<TrackTimes> Tracks);

/// <summary>
/// A competition's numbers for its organizers: submissions per UTC day, failures by kind, and per track the queue wait
/// (queued to the last start) and scoring time (last start to end) at p50/p95, and the worker-minutes spent scoring
/// (the sum of scoring times of the last runs: a sharded run's shards overlap, so it is a lower bound there).
/// </summary>
public sealed class CompetitionStatistics(NasArenaDb db, Access access, CompetitionService competitions)
{
    public async Task<Statistics> ComputeAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var tracks = await db.Tracks.AsNoTracking().Where(t => t.CompetitionId == competition.Id).OrderBy(t => t.Title)
            .Select(t => new { t.Id, t.Title, t.Kind }).ToListAsync(ct);
        var rows = await db.Submissions.AsNoTracking()
            .Where(s => s.Status != SubmissionStatus.Uploading && !s.IsDebug && s.Phase!.Track!.CompetitionId == competition.Id)
            .Select(s => new { s.Phase!.TrackId, s.Status, s.FailureReason, s.CreatedAt, s.QueuedAt, s.StartedAt, s.FinishedAt })
            .ToListAsync(ct);

        var perDay = rows.GroupBy(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)).OrderBy(g => g.Key)
            .Select(g => new DayCount(g.Key, g.Count(), g.Count(r => r.Status == SubmissionStatus.Scored), g.Count(r => r.Status == SubmissionStatus.Failed)))
            .ToList();
        var failures = rows.Select(r => FailureKinds.Of(r.Status, r.FailureReason)).OfType<FailureKind>()
            .GroupBy(k => k).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        var times = tracks.Select(t =>
        {
            var mine = rows.Where(r => r.TrackId == t.Id).ToList();
            var waits = mine.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value - (r.QueuedAt ?? r.CreatedAt)).TotalSeconds)
                .Select(s => Math.Max(0, s)).ToList();
            var scoring = mine.Where(r => r.StartedAt is not null && r.FinishedAt is not null &&
                    r.Status is SubmissionStatus.Scored or SubmissionStatus.Failed)
                .Select(r => Math.Max(0, (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds)).ToList();
            return new TrackTimes(t.Id, t.Title, t.Kind, scoring.Count, Percentile(waits, 0.50), Percentile(waits, 0.95),
                Percentile(scoring, 0.50), Percentile(scoring, 0.95), scoring.Sum() / 60);
        }).ToList();
        return new Statistics(rows.Count, perDay, failures, times);
    }

    /// <summary>Nearest-rank percentile: a value that occurred, never an interpolation between two.</summary>
    public static double? Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
