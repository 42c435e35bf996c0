using NasArena.Scoring.Metrics;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Metrics;

/// <summary>Every metric against scipy/numpy run on the same data in the same test.</summary>
[Trait("Category", "Unit")]
public sealed class GoldenMetricsTests
{
    const double Tolerance = 1e-12;

    static void AssertMatchesReference(IReadOnlyList<(double[] Predicted, double[] Truth)> cases, double topKPercent = 10)
    {
        var expected = ScipyReference.Compute(cases, topKPercent);
        for (int c = 0; c < cases.Count; c++)
        {
            var (p, t) = cases[c];
            var e = expected[c];
            string name = $"case {c} (n={p.Length})";
            Approx.Equal(e.Kendall, KendallTau.TauB(p, t), Tolerance, $"kendall {name}");
            Approx.Equal(e.Spearman, Correlation.Spearman(p, t), Tolerance, $"spearman {name}");
            Approx.Equal(e.Pearson, Correlation.Pearson(p, t), Tolerance, $"pearson {name}");
            Approx.Equal(e.Rmse, Errors.Rmse(p, t), Tolerance, $"rmse {name}");
            Approx.Equal(e.Mae, Errors.Mae(p, t), Tolerance, $"mae {name}");
            Approx.Equal(e.TopK, TopKPrecision.Compute(p, t, topKPercent), 0, $"top-k {name}");

            var all = MetricSet.ComputeAll(p, t, topKPercent);
            Assert.Equal(KendallTau.TauB(p, t), all[MetricCatalog.KendallTau]);
            Assert.Equal(Errors.Rmse(p, t), all[MetricCatalog.Rmse]);
        }
    }

    [Fact]
    public void AllMetricsMatchScipyOnRealCvpr21Accuracies()
    {
        var cases = new List<(double[], double[])>();
        foreach (var file in Cvpr21Data.AccuracyFiles)
        {
            var acc = Cvpr21Data.Accuracies(file);
            Assert.True(acc.Length >= 31, $"{file} holds only {acc.Length} accuracies");
            cases.Add((Cvpr21Data.Perturb(acc), acc));
            cases.Add((Cvpr21Data.Perturb(acc, noise: 0.02, digits: 2), acc));
            cases.Add((acc.Select(a => -a).ToArray(), acc));
            cases.Add((acc, acc));
        }
        AssertMatchesReference(cases);
    }

    [Fact]
    public void AllMetricsMatchScipyOnRandomDataWithManyTies()
    {
        var random = new Random(20210619);
        var cases = new List<(double[], double[])>();
        foreach (int n in new[] { 2, 3, 5, 17, 100, 1000, 20000 })
            foreach (int levels in new[] { 2, 3, 10, 1000 })
            {
                var truth = Enumerable.Range(0, n).Select(_ => (double)random.Next(levels)).ToArray();
                var predicted = truth.Select(v => random.NextDouble() < 0.3 ? random.Next(levels) : v + random.Next(2)).ToArray();
                cases.Add((predicted, truth));
            }
        AssertMatchesReference(cases);
        AssertMatchesReference(cases, topKPercent: 33.3);
    }

    [Fact]
    public void AllMetricsMatchScipyOnOneHundredThousandHeavilyTiedValues()
    {
        // 5·10⁹ pairs: beyond int range, so the pair counters must be 64-bit.
        var random = new Random(100_000);
        var truth = Enumerable.Range(0, 100_000).Select(_ => Math.Round(0.5 + 0.4 * random.NextDouble(), 3)).ToArray();
        var predicted = truth.Select(t => Math.Round(t + 0.05 * (random.NextDouble() - 0.5), 2)).ToArray();
        AssertMatchesReference([(predicted, truth)]);
    }

    [Fact]
    public void AllMetricsMatchScipyOnEdgeCases()
    {
        double[][] pairs =
        [
            [1, 2], [2, 1],
            [1, 1], [3, 2],
            [5, 5, 5], [5, 5, 5],
            [1, 2, 3, 4], [7, 7, 7, 7],
            [0.0, -0.0, 1], [1, 1, 2],
            [1, double.NaN, 3], [1, 2, 3],
            [1e300, -1e300, 3e299], [1, 2, 3],
            [1e-300, 2e-300, 3e-300], [3, 1, 2],
            [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1],
        ];
        var cases = Enumerable.Range(0, pairs.Length / 2).Select(i => (pairs[2 * i], pairs[2 * i + 1])).ToList();
        AssertMatchesReference(cases);
    }
}
