using System.Text.Json;
using NasArena.Scoring.Contract;
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
        if (!settings.TryGetProperty("topKPercent", out var topK)) return Default;
        if (topK.ValueKind != JsonValueKind.Number || !topK.TryGetDouble(out double percent) || !(percent > 0 && percent <= 100))
            throw new ScoringConfigurationException($"The predictor track's setting \"topKPercent\" must be a number in (0, 100]; found {topK.GetRawText()}.");
        return new(percent);
    }
}
