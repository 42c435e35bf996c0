using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Competitions;

/// <summary>The metrics each track kind's scorer reports, and their direction: an organizer's primary metric must be one of them.</summary>
public static class MetricCatalogue
{
    private static readonly string[] Correlations = [MetricCatalog.KendallTau, MetricCatalog.SpearmanRho, MetricCatalog.PearsonR];

    public static IReadOnlyDictionary<string, bool> For(TrackKind kind) => kind switch
    {
        TrackKind.Predictor => MetricCatalog.All.ToDictionary(m => m.Name, m => m.HigherIsBetter),
        TrackKind.Supernet => Correlations.ToDictionary(m => m, _ => true),
        // The unseen-data score: the sum over data sets of 10 * (acc - benchmark) / (100 - benchmark).
        TrackKind.UnseenData => new Dictionary<string, bool> { ["score"] = true },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
