using System.Globalization;
using NasArena.Scoring.Metrics;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Metrics;

/// <summary>
/// The unseen-data (stratified) bootstrap against numpy (ADR 0021): the per-data-set SplitMix64 indices written again in
/// numpy, each data set's accuracy and score and the total recomputed there, the interval by numpy.nanpercentile. Only
/// the seeds, the correctness bits and the benchmarks cross over.
/// </summary>
/// <remarks>
/// Bound: none, the replicates must be equal to the last bit. Each one is the same IEEE-754 double operations in the
/// same order on both sides: an integer count, 100.0·k/n, max(-10, 10·(acc-b)/(100-b)), then left-to-right additions
/// from 0.0 (a Python loop, not numpy's pairwise sum). The interval is numpy's own lerp, reproduced operation for
/// operation by <see cref="Bootstrap.IntervalOf"/>, so it is equal too.
/// </remarks>
[Trait("Category", "Unit")]
public sealed class DatasetBootstrapGoldenTests
{
    const string Script = """
        import sys
        import numpy as np
        GAMMA = np.uint64(0x9E3779B97F4A7C15)
        def mix(z):
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            return z ^ (z >> np.uint64(31))
        def indices(seed, b, n):
            k = np.arange(b * n, (b + 1) * n, dtype=np.uint64) + np.uint64(1)
            out = mix(np.uint64(seed) + k * GAMMA)
            return (((out >> np.uint64(32)) * np.uint64(n)) >> np.uint64(32)).astype(np.int64)
        # argv: B, metric, then per data set "codename:seed:benchmark:bits" (bits a string of 0/1, or "failed:n")
        B = int(sys.argv[1]); metric = sys.argv[2]
        sets = []
        for spec in sys.argv[3:]:
            code, seed, bench, bits = spec.split(":", 3)
            correct = None if bits.startswith("failed") else np.array([int(c) for c in bits], dtype=np.int64)
            sets.append((code, int(seed), float(bench), correct))
        def score(acc, bench):
            return max(-10.0, 10 * (acc - bench) / (100 - bench))
        with np.errstate(over="ignore"):
            reps = []
            for b in range(B):
                total = 0.0; per = {}
                for code, seed, bench, correct in sets:
                    if correct is None:
                        acc, s = 0.0, -10.0
                    else:
                        n = len(correct)
                        right = int(correct[indices(seed, b, n)].sum()) if n else 0
                        acc = 100.0 * right / n if n else 0.0
                        s = score(acc, bench)
                    per[code + "_accuracy"] = acc; per[code + "_score"] = s
                    total = total + s
                per["score"] = total
                reps.append(per[metric])
            lo, hi = np.nanpercentile(np.array(reps), [2.5, 97.5])
            print(repr(float(lo)), repr(float(hi)))
            print(" ".join(repr(float(r)) for r in reps))
        """;

    static ulong SeedOf(string codename) => ResampleIndices.SeedOf($"golden/datasets/{codename}");

    static (Interval Interval, double[] Replicates) Reference(StratifiedItems items, int resamples, string metric)
    {
        var specs = items.Datasets.Select(d =>
        {
            var bits = d.Correct is null ? $"failed{d.Count}"
                : string.Concat(Enumerable.Range(0, d.Count).Select(i => (d.Correct[i >> 3] >> (i & 7) & 1) == 1 ? '1' : '0'));
            return $"{d.Codename}:{SeedOf(d.Codename)}:{d.BenchmarkPercent.ToString("R", CultureInfo.InvariantCulture)}:{bits}";
        });
        var lines = Python.RunScript(Script, [resamples.ToString(CultureInfo.InvariantCulture), metric, .. specs])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var bounds = lines[0].Split(' ').Select(Python.ParseRepr).ToArray();
        return (new Interval(bounds[0], bounds[1]), lines[1].Split(' ').Select(Python.ParseRepr).ToArray());
    }

    /// <summary>Three data sets of different sizes, benchmarks and skill, and one failed run.</summary>
    static StratifiedItems Sample()
    {
        var random = new Random(21);
        DatasetItems Set(string code, int n, double skill, double benchmark) =>
            new(code, benchmark, n, DatasetItems.Pack(Enumerable.Range(0, n).Select(_ => random.NextDouble() < skill).ToArray()));
        return new StratifiedItems([
            Set("Alpha", 300, 0.9, 82.5),
            Set("Beta", 157, 0.45, 30),
            new DatasetItems("Gamma", 12.25, 80, null),
            Set("Delta", 41, 0.2, 45),   // often below the floor: max(-10, ...) is exercised
        ]);
    }

    [Theory]
    [InlineData("score")]
    [InlineData("Beta_accuracy")]
    [InlineData("Delta_score")]
    [InlineData("Gamma_score")]
    public void EveryReplicateAndTheIntervalEqualNumpyFromTheSameSeeds(string metric)
    {
        var items = Sample();
        const int resamples = 400;
        var expected = Reference(items, resamples, metric);

        var replicates = DatasetBootstrap.Replicates(metric, items, SeedOf, resamples);
        Assert.Equal(expected.Replicates, replicates);
        var interval = Bootstrap.IntervalOf(replicates);
        Assert.Equal(expected.Interval, interval);
        if (metric == "Gamma_score") Assert.Equal(new Interval(-10, -10), interval); // a failed run: its fixed floor
        else Assert.True(interval!.Value.Low < interval.Value.High, $"{metric}: [{interval.Value.Low}, {interval.Value.High}]");
    }

    [Fact]
    public void TheSameSeedsGiveTheSameReplicatesAndOtherSeedsOthers()
    {
        var items = Sample();
        var once = DatasetBootstrap.Replicates("score", items, SeedOf, 200);
        Assert.Equal(once, DatasetBootstrap.Replicates("score", items, SeedOf, 200));
        Assert.NotEqual(once, DatasetBootstrap.Replicates("score", items, c => SeedOf(c) + 1, 200));
    }

    [Fact]
    public void EachDataSetIsResampledOnItsOwnWithItsOwnSeed()
    {
        // Beta's replicates of its own accuracy do not change when the other data sets change: strata are independent.
        var items = Sample();
        var alone = new StratifiedItems([items.Datasets[1]]);
        Assert.Equal(DatasetBootstrap.Replicates("Beta_accuracy", items, SeedOf, 100),
            DatasetBootstrap.Replicates("Beta_accuracy", alone, SeedOf, 100));
    }

    [Fact]
    public void TheScoreIsTheSumOfTheDataSetScoresWithTheFailedRunAtMinusTen()
    {
        var items = new StratifiedItems([
            new DatasetItems("Right", 50, 8, DatasetItems.Pack(Enumerable.Repeat(true, 8).ToArray())),
            new DatasetItems("Failed", 50, 8, null),
        ]);
        Assert.All(DatasetBootstrap.Replicates("score", items, SeedOf, 20), r => Assert.Equal(10 + -10, r));
    }

    [Fact]
    public void AMetricOfNoDataSetIsRefusedByName()
    {
        var items = Sample();
        Assert.False(DatasetBootstrap.Supports("Omega_accuracy", items));
        Assert.True(DatasetBootstrap.Supports("Alpha_accuracy", items));
        var e = Assert.Throws<ArgumentException>(() => DatasetBootstrap.Replicates("Omega_accuracy", items, SeedOf, 10));
        Assert.Contains("'Omega_accuracy' is not a metric", e.Message);
    }
}
