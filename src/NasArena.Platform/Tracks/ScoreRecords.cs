using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Tracks;

/// <summary>Stored metrics as JSON objects, and the phase's primary metric copied out of them for sorting.</summary>
public static class ScoreRecords
{
    public static string ToJson(IReadOnlyDictionary<string, double> metrics) =>
        // Non-finite values (e.g. Kendall of a constant prediction) are stored as null: JSON has no NaN.
        JsonSerializer.Serialize(metrics.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? kv.Value : (double?)null));

    public static Dictionary<string, double?> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double?>>(json) ?? [];

    public static double? Primary(string metricsJson, string metric) =>
        FromJson(metricsJson).TryGetValue(metric, out var value) ? value : null;

    /// <summary>
    /// Takes the phase for a write of primaries until the caller's transaction ends, and returns its primary metric as
    /// it is now: the phase's board version is bumped (a row write: PostgreSQL holds the row lock to commit; SQLite has
    /// one writer at a time), so a metric change and every other writer of primaries (a score written, a refresh) wait
    /// for one another and none writes a primary computed from a metric or metrics read before the other committed.
    /// </summary>
    public static async Task<string> HoldPrimaryAsync(NasArenaDb db, Guid phaseId, CancellationToken ct)
    {
        await BoardVersions.BumpPhaseAsync(db, phaseId, ct);
        return await db.Phases.Where(p => p.Id == phaseId).Select(p => p.PrimaryMetric).SingleAsync(ct);
    }

    /// <summary>
    /// Recomputes the phase's stored primaries from the stored metrics (after a primary metric change), under the hold a
    /// score's write takes (<see cref="HoldPrimaryAsync"/>): a rescore finishing meanwhile waits, then writes its own.
    /// <paramref name="afterRead"/> is a seam for the race test: it runs between reading the scores and writing them.
    /// </summary>
    public static async Task RefreshPrimaryAsync(NasArenaDb db, Phase phase, CancellationToken ct, Func<Task>? afterRead = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var metric = await HoldPrimaryAsync(db, phase.Id, ct);
        var scores = await db.Scores.Where(s => db.Submissions.Any(x => x.Id == s.SubmissionId && x.PhaseId == phase.Id)).ToListAsync(ct);
        if (afterRead is not null) await afterRead();
        foreach (var score in scores)
        {
            score.PublicPrimary = Primary(score.PublicMetricsJson, metric);
            score.PrivatePrimary = Primary(score.PrivateMetricsJson, metric);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        BoardVersions.NoteLocalChange();
    }
}
