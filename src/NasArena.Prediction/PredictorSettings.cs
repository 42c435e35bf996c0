using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Prediction.Kind;
using NasArena.Scoring.Metrics;

namespace NasArena.Prediction;

/// <summary>The predictor track's settings, read from the track's settings object (other keys belong to the platform).</summary>
/// <param name="TopKPercent">"topKPercent": the share of the query set that counts as the top for top-k precision, in (0, 100]; default 10.</param>
public sealed record PredictorSettings(double TopKPercent)
{
    public static PredictorSettings Default { get; } = new(MetricSet.DefaultTopKPercent);

    public static PredictorSettings Parse(JsonElement settings)
    {
        if (settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return Default;
        if (settings.ValueKind != JsonValueKind.Object)
            throw new ScoringConfigurationException($"The predictor track's settings must be a JSON object; found {settings.ValueKind}.");
        // The kind's schema (NasArena.Prediction.Kind) is the one reader of its keys.
        return new(PredictionKind.Settings.Number(settings, "topKPercent"));
    }
}
