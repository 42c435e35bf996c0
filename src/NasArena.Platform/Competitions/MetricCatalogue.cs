using NasArena.Scoring.Contract;

namespace NasArena.Platform.Competitions;

/// <summary>The metrics each track kind's scorer reports, and their direction: an organizer's primary metric must be one of them.</summary>
public static class MetricCatalogue
{
    private static readonly Dictionary<string, bool> Correlations = new()
    {
        ["kendall_tau"] = true, ["spearman_rho"] = true, ["pearson_r"] = true,
    };

    public static IReadOnlyDictionary<string, bool> For(TrackKind kind) => kind switch
    {
        TrackKind.Predictor => new Dictionary<string, bool>(Correlations)
        {
            ["rmse"] = false, ["mae"] = false, ["top_k_precision"] = true,
        },
        TrackKind.Supernet => Correlations,
        TrackKind.UnseenData => new Dictionary<string, bool> { ["score"] = true },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
