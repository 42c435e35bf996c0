using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class MetricCatalogTests
{
    [Fact]
    public void ComputeAllReportsExactlyTheCataloguedMetrics()
    {
        var all = MetricSet.ComputeAll([0.1, 0.4, 0.3], [0.2, 0.5, 0.1]);
        Assert.Equal(MetricCatalog.All.Select(m => m.Name).Order(), all.Keys.Order());
    }

    [Fact]
    public void ErrorsAreLowerIsBetterAndCorrelationsHigherIsBetter()
    {
        Assert.False(MetricCatalog.Find("rmse")!.HigherIsBetter);
        Assert.False(MetricCatalog.Find("mae")!.HigherIsBetter);
        foreach (var name in new[] { "kendall_tau", "spearman_rho", "pearson_r", "top_k_precision" })
            Assert.True(MetricCatalog.Find(name)!.HigherIsBetter, name);
        Assert.Null(MetricCatalog.Find("accuracy"));
    }
}
