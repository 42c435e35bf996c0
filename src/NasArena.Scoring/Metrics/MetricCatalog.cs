namespace NasArena.Scoring.Metrics;

/// <summary>A metric the scorers report, and which direction is better (for leaderboard order).</summary>
public sealed record MetricInfo(string Name, bool HigherIsBetter, string Description);

/// <summary>
/// The metric names the predictor scorer reports, with their direction. The platform validates an organizer's
/// choice of primary (ranking) metric against it. The names are stable: they are stored with every score.
/// </summary>
public static class MetricCatalog
{
    public const string KendallTau = "kendall_tau";
    public const string SpearmanRho = "spearman_rho";
    public const string PearsonR = "pearson_r";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string TopKPrecision = "top_k_precision";

    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        new(KendallTau, true, "Kendall's tau-b between predicted and true accuracies (as scipy.stats.kendalltau)."),
        new(SpearmanRho, true, "Spearman's rank correlation (as scipy.stats.spearmanr)."),
        new(PearsonR, true, "Pearson's linear correlation (as scipy.stats.pearsonr)."),
        new(Rmse, false, "Root mean squared error of the predicted accuracies."),
        new(Mae, false, "Mean absolute error of the predicted accuracies."),
        new(TopKPrecision, true, "Fraction of the true top k% architectures that the prediction also places in its top k%."),
    ];

    /// <summary>The metric of that name, or null when the name is not one the scorers report.</summary>
    public static MetricInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
