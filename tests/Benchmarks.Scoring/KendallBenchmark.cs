using System.Diagnostics;
using System.Globalization;
using NasArena.Scoring.Metrics;

namespace Benchmarks.Scoring;

/// <summary>Kendall tau-b on n values with many ties: ours against scipy.stats.kendalltau on the same data, same run.</summary>
static class KendallBenchmark
{
    const int Runs = 15;

    public static void Run(int n)
    {
        var random = new Random(2021);
        // Accuracies rounded to 3 decimals (about 1,000 distinct values) and a noisy predictor rounded alike: heavy ties.
        var truth = new double[n];
        var predicted = new double[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = Math.Round(0.5 + 0.4 * random.NextDouble(), 3);
            double gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            predicted[i] = Math.Round(truth[i] + 0.05 * gauss, 3);
        }
        var dataPath = Path.Combine(Path.GetTempPath(), $"kendall-bench-{Guid.NewGuid():N}.bin");
        using (var writer = new BinaryWriter(File.Create(dataPath)))
        {
            foreach (var v in predicted) writer.Write(v);
            foreach (var v in truth) writer.Write(v);
        }

        double ours = 0, oursBest = double.MaxValue;
        for (int i = 0; i < 3; i++) ours = KendallTau.TauB(predicted, truth); // warm-up (JIT tiers)
        void Measure()
        {
            for (int i = 0; i < Runs; i++)
            {
                var sw = Stopwatch.StartNew();
                ours = KendallTau.TauB(predicted, truth);
                oursBest = Math.Min(oursBest, sw.Elapsed.TotalSeconds);
            }
        }

        // Ours before and after scipy's runs: on a shared machine both sides then see the same load.
        Measure();
        var output = Python.RunScript($$"""
            import sys, time
            import numpy as np
            from scipy import stats
            d = np.fromfile(sys.argv[1], dtype="<f8"); n = len(d) // 2
            p, t = d[:n], d[n:]
            for _ in range(3): tau = stats.kendalltau(p, t)[0]
            best = float("inf")
            for _ in range({{Runs}}):
                s = time.perf_counter(); tau = stats.kendalltau(p, t)[0]; best = min(best, time.perf_counter() - s)
            print(repr(best), repr(float(tau)))
            """, dataPath).Split(' ');
        File.Delete(dataPath);
        Measure();
        double scipyBest = double.Parse(output[0], CultureInfo.InvariantCulture);
        double scipyTau = double.Parse(output[1], CultureInfo.InvariantCulture);

        Console.WriteLine($"(a) Kendall tau-b, n={n:N0}, ~1,000 distinct values per side (heavy ties), best of {Runs} runs after warm-up (ours: best of 2x{Runs}, before and after scipy)");
        Console.WriteLine($"    ours   {oursBest * 1000,8:F2} ms   tau = {ours:R}");
        Console.WriteLine($"    scipy  {scipyBest * 1000,8:F2} ms   tau = {scipyTau:R}   (scipy.stats.kendalltau, /usr/bin/python3)");
        Console.WriteLine($"    ratio ours/scipy = {oursBest / scipyBest:F3} (target <= 1.0), |difference| = {Math.Abs(ours - scipyTau):E2} (target <= 1e-12)");
    }
}
