using System.Globalization;
using NasArena.Scoring.Metrics;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Metrics;

/// <summary>
/// The bootstrap against an independent numpy/scipy implementation run in the same test: the resample indices from the
/// documented SplitMix64 scheme written again in numpy, every replicate recomputed by scipy/numpy, the interval by
/// numpy.nanpercentile. Only the seed and the data cross over; nothing computed by the C# side does.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BootstrapGoldenTests
{
    const string Script = """
        import sys, warnings
        import numpy as np
        from scipy import stats
        warnings.simplefilter("ignore")
        GAMMA = np.uint64(0x9E3779B97F4A7C15)
        def mix(z):
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            return z ^ (z >> np.uint64(31))
        def indices(seed, b, n):
            k = np.arange(b * n, (b + 1) * n, dtype=np.uint64) + np.uint64(1)
            out = mix(np.uint64(seed) + k * GAMMA)
            return (((out >> np.uint64(32)) * np.uint64(n)) >> np.uint64(32)).astype(np.int64)
        def metric(name, p, t):
            if name == "kendall_tau": return stats.kendalltau(p, t)[0]
            if name == "spearman_rho": return stats.spearmanr(p, t)[0]
            if name == "rmse": return np.sqrt(np.mean((p - t) ** 2))
            raise ValueError(name)
        with np.errstate(over="ignore"):
            d = np.fromfile(sys.argv[1], dtype="<f8"); n = len(d) // 2
            p, t = d[:n], d[n:]
            seed = int(sys.argv[2]); B = int(sys.argv[3]); name = sys.argv[4]
            reps = []
            for b in range(B):
                idx = indices(seed, b, n)
                reps.append(float(metric(name, p[idx], t[idx])))
            lo, hi = np.nanpercentile(np.array(reps), [2.5, 97.5])
            print(" ".join(str(int(i)) for i in indices(seed, 0, n)[:20]))
            print(repr(float(lo)), repr(float(hi)))
            print(" ".join(repr(r) for r in reps))
        """;

    static (int[] FirstIndices, Interval Interval, double[] Replicates) Reference(double[] predicted, double[] truth, ulong seed, int resamples, string metric)
    {
        var path = Python.WriteDoubles([predicted, truth]);
        try
        {
            var lines = Python.RunScript(Script, path, seed.ToString(CultureInfo.InvariantCulture), resamples.ToString(CultureInfo.InvariantCulture), metric)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var first = lines[0].Split(' ').Select(int.Parse).ToArray();
            var bounds = lines[1].Split(' ').Select(Python.ParseRepr).ToArray();
            var replicates = lines[2].Split(' ').Select(Python.ParseRepr).ToArray();
            return (first, new Interval(bounds[0], bounds[1]), replicates);
        }
        finally { File.Delete(path); }
    }

    static (double[] Predicted, double[] Truth) TiedSample(int n, int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, n).Select(_ => Math.Round(0.5 + 0.4 * random.NextDouble(), 2)).ToArray();
        var predicted = truth.Select(v => Math.Round(v + 0.08 * (random.NextDouble() - 0.5), 2)).ToArray();
        return (predicted, truth);
    }

    [Theory]
    [InlineData("kendall_tau", 400, 300)]
    [InlineData("spearman_rho", 250, 200)]
    [InlineData("rmse", 250, 200)]
    public void TheIntervalAndEveryReplicateMatchNumpyFromTheSameSeed(string metric, int n, int resamples)
    {
        var (predicted, truth) = TiedSample(n, n);
        ulong seed = ResampleIndices.SeedOf($"golden/{metric}");
        var expected = Reference(predicted, truth, seed, resamples, metric);

        var indices = new int[n];
        ResampleIndices.Fill(seed, 0, indices);
        Assert.Equal(expected.FirstIndices, indices.Take(20).ToArray());

        var replicates = Bootstrap.Replicates(metric, new ScoredItems(predicted, truth), seed, resamples);
        Assert.Equal(resamples, replicates.Length);
        for (int b = 0; b < resamples; b++) Approx.Equal(expected.Replicates[b], replicates[b], 1e-12, $"{metric} replicate {b}");
        var interval = Bootstrap.IntervalOf(replicates)!.Value;
        Approx.Equal(expected.Interval.Low, interval.Low, 1e-12, $"{metric} 2.5th percentile");
        Approx.Equal(expected.Interval.High, interval.High, 1e-12, $"{metric} 97.5th percentile");
        Assert.True(interval.Low < interval.High, $"a noisy prediction has an interval of some width, got [{interval.Low}, {interval.High}]");
    }

    [Fact]
    public void TheSameSeedGivesTheSameReplicatesAndAnotherSeedOthers()
    {
        var (predicted, truth) = TiedSample(500, 7);
        var items = new ScoredItems(predicted, truth);
        var once = Bootstrap.Replicates(MetricCatalog.KendallTau, items, 42, 100);
        Assert.Equal(once, Bootstrap.Replicates(MetricCatalog.KendallTau, items, 42, 100));
        Assert.NotEqual(once, Bootstrap.Replicates(MetricCatalog.KendallTau, items, 43, 100));
    }

    [Fact]
    public void KendallReplicatesOnRanksEqualTauOfTheResampledValues()
    {
        // The rank shortcut must give exactly the double that the plain metric gives on the gathered values.
        var (predicted, truth) = TiedSample(3000, 11);
        var replicates = Bootstrap.Replicates(MetricCatalog.KendallTau, new ScoredItems(predicted, truth), 5, 20);
        var indices = new int[predicted.Length];
        for (int b = 0; b < 20; b++)
        {
            ResampleIndices.Fill(5, b, indices);
            Assert.Equal(KendallTau.TauB(indices.Select(i => predicted[i]).ToArray(), indices.Select(i => truth[i]).ToArray()), replicates[b]);
        }
    }

    [Fact]
    public void AConstantPredictionHasNoInterval()
    {
        var truth = Enumerable.Range(0, 50).Select(i => i / 50.0).ToArray();
        var replicates = Bootstrap.Replicates(MetricCatalog.KendallTau, new ScoredItems(new double[50], truth), 1, 30);
        Assert.All(replicates, r => Assert.True(double.IsNaN(r)));
        Assert.Null(Bootstrap.IntervalOf(replicates));
    }

    [Fact]
    public void AnUnknownMetricIsRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => Bootstrap.Replicates("accuracy", new ScoredItems([1, 2], [1, 2]), 1, 10));
        Assert.Contains("'accuracy' is not a metric", e.Message);
    }
}
