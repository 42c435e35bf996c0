using System.Diagnostics;
using System.Globalization;
using NasArena.Scoring.Metrics;

namespace Benchmarks.Scoring;

/// <summary>
/// (c) The bootstrap interval of Kendall's tau for a 100,000-architecture prediction with 1,000 resamples, and (d) the tie
/// groups of a 500-team phase from stored replicates; each against numpy/scipy doing the same work in the same run.
/// </summary>
static class BootstrapBenchmark
{
    public static void Run(int n, int resamples, int teams)
    {
        var random = new Random(2021);
        var truth = new double[n];
        var predicted = new double[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = Math.Round(0.5 + 0.4 * random.NextDouble(), 3);
            double gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            predicted[i] = Math.Round(truth[i] + 0.05 * gauss, 3);
        }
        var items = new ScoredItems(predicted, truth);
        ulong seed = ResampleIndices.SeedOf("benchmark");
        Bootstrap.Replicates(MetricCatalog.KendallTau, items, seed, 20); // warm-up (JIT tiers)
        double best = double.MaxValue;
        Interval interval = default;
        for (int run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var replicates = Bootstrap.Replicates(MetricCatalog.KendallTau, items, seed, resamples);
            interval = Bootstrap.IntervalOf(replicates)!.Value;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        // scipy on a few resamples (1,000 would take minutes), same indices; per resample, single-threaded as scipy is.
        const int ScipyResamples = 10;
        var dataPath = Path.Combine(Path.GetTempPath(), $"bootstrap-bench-{Guid.NewGuid():N}.bin");
        using (var writer = new BinaryWriter(File.Create(dataPath)))
        {
            foreach (var v in predicted) writer.Write(v);
            foreach (var v in truth) writer.Write(v);
        }
        var output = Python.RunScript($$"""
            import sys, time
            import numpy as np
            from scipy import stats
            G = np.uint64(0x9E3779B97F4A7C15)
            def mix(z):
                z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
                z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
                return z ^ (z >> np.uint64(31))
            d = np.fromfile(sys.argv[1], dtype="<f8"); n = len(d) // 2
            p, t = d[:n], d[n:]
            seed = np.uint64(int(sys.argv[2]))
            with np.errstate(over="ignore"):
                s = time.perf_counter()
                for b in range({{ScipyResamples}}):
                    k = np.arange(b * n, (b + 1) * n, dtype=np.uint64) + np.uint64(1)
                    idx = (((mix(seed + k * G) >> np.uint64(32)) * np.uint64(n)) >> np.uint64(32)).astype(np.int64)
                    stats.kendalltau(p[idx], t[idx])
                per = (time.perf_counter() - s) / {{ScipyResamples}}
                rng = np.random.default_rng(1)
                reps = rng.normal(0.7, 0.01, size=({{teams}}, {{resamples}}))
                reps = -np.sort(-reps.mean(axis=1))[:, None] + rng.normal(0, 0.01, size=({{teams}}, {{resamples}}))
                s = time.perf_counter()
                head = reps[0]; groups = [1]; g = 1
                for i in range(1, {{teams}}):
                    if np.mean(head > reps[i]) >= 0.95: head = reps[i]; g += 1
                    groups.append(g)
                grp = time.perf_counter() - s
            print(repr(per), repr(grp))
            """, dataPath, seed.ToString(CultureInfo.InvariantCulture)).Split(' ');
        File.Delete(dataPath);
        double scipyPerResample = double.Parse(output[0], CultureInfo.InvariantCulture);
        double numpyGroups = double.Parse(output[1], CultureInfo.InvariantCulture);

        Console.WriteLine($"(c) Bootstrap 95 % interval of Kendall tau-b, n={n:N0} (heavy ties), {resamples:N0} paired resamples, {Environment.ProcessorCount} cores, best of 3");
        Console.WriteLine($"    ours   {best:F3} s   ({best / resamples * 1000:F2} ms per resample)   interval [{interval.Low:F5}, {interval.High:F5}]   (target < 2 s on 2 cores)");
        Console.WriteLine($"    scipy  {scipyPerResample * resamples:F1} s extrapolated from {ScipyResamples} resamples ({scipyPerResample * 1000:F2} ms per resample, numpy indices + scipy.stats.kendalltau)");
        Console.WriteLine($"    ratio ours/scipy = {best / (scipyPerResample * resamples):F3}");

        var rng = new Random(1);
        var replicatesByRank = new List<double[]?>();
        for (int team = 0; team < teams; team++)
        {
            double mean = 0.75 - team * 0.0004;
            replicatesByRank.Add(Enumerable.Range(0, resamples).Select(_ => mean + 0.01 * (rng.NextDouble() - 0.5)).ToArray());
        }
        PairedComparison.Groups(replicatesByRank, true, 0.95); // warm-up
        double groupsBest = double.MaxValue;
        int?[] groups = [];
        for (int run = 0; run < 5; run++)
        {
            var sw = Stopwatch.StartNew();
            groups = PairedComparison.Groups(replicatesByRank, true, 0.95);
            groupsBest = Math.Min(groupsBest, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"(d) Tie groups of a phase of {teams} teams x {resamples:N0} stored replicates, level 0.95, best of 5");
        Console.WriteLine($"    ours   {groupsBest * 1000:F2} ms   ({groups.Max()} groups, {groups.Count(g => g == 1)} entries tied with rank 1)   (target < 1 s)");
        Console.WriteLine($"    numpy  {numpyGroups * 1000:F2} ms   (the same sequential grouping, vectorised per comparison)");
        Console.WriteLine($"    ratio ours/numpy = {groupsBest / numpyGroups:F3}");
    }
}
