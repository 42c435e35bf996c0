namespace NasArena.Scoring.Metrics;

/// <summary>All predictor metrics of one prediction at once, keyed by the <see cref="MetricCatalog"/> names.</summary>
public static class MetricSet
{
    public const double DefaultTopKPercent = 10;

    public static IReadOnlyDictionary<string, double> ComputeAll(
        ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth, double topKPercent = DefaultTopKPercent) =>
        new Dictionary<string, double>
        {
            [MetricCatalog.KendallTau] = Compute(MetricCatalog.KendallTau, predicted, truth, topKPercent),
            [MetricCatalog.SpearmanRho] = Compute(MetricCatalog.SpearmanRho, predicted, truth, topKPercent),
            [MetricCatalog.PearsonR] = Compute(MetricCatalog.PearsonR, predicted, truth, topKPercent),
            [MetricCatalog.Rmse] = Compute(MetricCatalog.Rmse, predicted, truth, topKPercent),
            [MetricCatalog.Mae] = Compute(MetricCatalog.Mae, predicted, truth, topKPercent),
            [MetricCatalog.TopKPrecision] = Compute(MetricCatalog.TopKPrecision, predicted, truth, topKPercent),
        };

    /// <summary>
    /// One metric by its catalogue name: the one dispatch that both the shown score and its bootstrap replicates
    /// (<see cref="Bootstrap"/>) go through, so an interval is always of the number on the board.
    /// </summary>
    public static double Compute(string metric, ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth,
        double topKPercent = DefaultTopKPercent) => metric switch
        {
            MetricCatalog.KendallTau => KendallTau.TauB(predicted, truth),
            MetricCatalog.SpearmanRho => Correlation.Spearman(predicted, truth),
            MetricCatalog.PearsonR => Correlation.Pearson(predicted, truth),
            MetricCatalog.Rmse => Errors.Rmse(predicted, truth),
            MetricCatalog.Mae => Errors.Mae(predicted, truth),
            MetricCatalog.TopKPrecision => TopKPrecision.Compute(predicted, truth, topKPercent),
            _ => throw new ArgumentException($"'{metric}' is not a metric of the catalogue ({string.Join(", ", MetricCatalog.All.Select(m => m.Name))})."),
        };
}
