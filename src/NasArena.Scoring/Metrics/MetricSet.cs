namespace NasArena.Scoring.Metrics;

/// <summary>All predictor metrics of one prediction at once, keyed by the <see cref="MetricCatalog"/> names.</summary>
public static class MetricSet
{
    public const double DefaultTopKPercent = 10;

    public static IReadOnlyDictionary<string, double> ComputeAll(
        ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth, double topKPercent = DefaultTopKPercent) =>
        new Dictionary<string, double>
        {
            [MetricCatalog.KendallTau] = KendallTau.TauB(predicted, truth),
            [MetricCatalog.SpearmanRho] = Correlation.Spearman(predicted, truth),
            [MetricCatalog.PearsonR] = Correlation.Pearson(predicted, truth),
            [MetricCatalog.Rmse] = Errors.Rmse(predicted, truth),
            [MetricCatalog.Mae] = Errors.Mae(predicted, truth),
            [MetricCatalog.TopKPrecision] = TopKPrecision.Compute(predicted, truth, topKPercent),
        };
}
