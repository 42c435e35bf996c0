using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

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

    public static async Task RefreshPrimaryAsync(NasArenaDb db, Phase phase, CancellationToken ct)
    {
        var scores = await db.Scores.Where(s => db.Submissions.Any(x => x.Id == s.SubmissionId && x.PhaseId == phase.Id)).ToListAsync(ct);
        foreach (var score in scores)
        {
            score.PublicPrimary = Primary(score.PublicMetricsJson, phase.PrimaryMetric);
            score.PrivatePrimary = Primary(score.PrivateMetricsJson, phase.PrimaryMetric);
        }
        await db.SaveChangesAsync(ct);
    }
}
