using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;
using NasArena.Prediction;

namespace Benchmarks.Scoring;

/// <summary>
/// Scores a generated 100,000-architecture submission (JSON and CSV) against a generated query set, each in a
/// fresh child process, so that the time includes JIT (a worker scores a submission once) and the peak memory
/// (VmHWM) is the scorer's alone. Best of a few processes, since this machine is shared.
/// </summary>
static class EndToEnd
{
    const int Processes = 3;

    public static async Task RunAsync(int n)
    {
        var folder = Directory.CreateTempSubdirectory("scoring-bench-").FullName;
        try
        {
            var (querySet, json, csv) = Generate(folder, n);
            Console.WriteLine($"(b) End-to-end PredictorScorer.ScoreAsync on {n:N0} architectures (read + validate query set and submission, all metrics on both splits)");
            Console.WriteLine($"    query set {new FileInfo(querySet).Length / 1e6:F1} MB, JSON submission {new FileInfo(json).Length / 1e6:F1} MB (CVPR 2021 format with \"arch\"), CSV {new FileInfo(csv).Length / 1e6:F1} MB; best of {Processes} fresh processes");
            foreach (var submission in new[] { json, csv })
            {
                var runs = new List<double[]>();
                for (int i = 0; i < Processes; i++) runs.Add(await RunChildAsync(querySet, submission));
                var best = runs.MinBy(r => r[0])!;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {Path.GetExtension(submission)[1..].ToUpperInvariant(),-4} cold {best[0]:F2} s wall ({best[1]:F2} s CPU), warm {runs.Min(r => r[2]):F2} s | peak memory {runs.Max(r => r[3]):F0} MB (VmHWM, whole process) | kendall_tau {best[4]:F4}"));
            }
            Console.WriteLine("    targets: < 2 s, < 300 MB. cold = first call in a fresh process (JIT included); warm = a second submission (query set cached).");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The child: prints "cold_s cold_cpu_s warm_s peak_mb kendall".</summary>
    public static async Task<int> ScoreInChildAsync(string querySetPath, string submissionPath)
    {
        var scorer = new PredictorScorer();
        var request = new ScoringRequest(submissionPath, Path.GetFileName(submissionPath),
            [new StagedAsset(PredictorScorer.QuerySetKind, "query-set.json", querySetPath, "bench")],
            JsonDocument.Parse("""{"topKPercent": 10}""").RootElement);
        var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable("BENCH_BREAKDOWN") == "1") Breakdown(querySetPath, submissionPath);
        var jit0 = System.Runtime.JitInfo.GetCompilationTime();
        long gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
        var result = await scorer.ScoreAsync(request, CancellationToken.None);
        double cold = sw.Elapsed.TotalSeconds;
        self.Refresh();
        double coldCpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
        if (Environment.GetEnvironmentVariable("BENCH_BREAKDOWN") == "1")
            Console.Error.WriteLine($"cold scoring: JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalSeconds:F3} s ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods in all), GCs gen0 {GC.CollectionCount(0) - gc0}, gen2 {GC.CollectionCount(2) - gc2}, GC pause {GC.GetTotalPauseDuration().TotalSeconds:F3} s");
        sw.Restart();
        await scorer.ScoreAsync(request, CancellationToken.None);
        double warm = sw.Elapsed.TotalSeconds;
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"{cold:R} {coldCpu:R} {warm:R} {PeakMegabytes():R} {result.Public[MetricCatalog.KendallTau]:R}"));
        return 0;
    }

    /// <summary>Where a cold scoring spends its time, piece by piece (BENCH_BREAKDOWN=1, printed to stderr).</summary>
    static void Breakdown(string querySetPath, string submissionPath)
    {
        var sw = Stopwatch.StartNew();
        var q = QuerySet.Load(querySetPath);
        double load = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var p = SubmissionReader.Read(submissionPath, Path.GetFileName(submissionPath), q);
        double read = sw.Elapsed.TotalSeconds;
        sw.Restart();
        MetricSet.ComputeAll(p, q.Accuracies.ToArray());
        Console.Error.WriteLine($"cold pieces: query set {load:F3} s, submission {read:F3} s, metrics {sw.Elapsed.TotalSeconds:F3} s");
    }

    static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    static async Task<double[]> RunChildAsync(string querySet, string submission)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(EndToEnd).Assembly.Location);
        foreach (var a in new[] { "score", querySet, submission }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"child failed: {await stderr}");
        return stdout.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>A CVPR 2021 track-2-like query set (16 blocks of [next1, next2, op1, op2]) and matching submissions.</summary>
    static (string QuerySet, string Json, string Csv) Generate(string folder, int n)
    {
        var random = new Random(42);
        var query = new StringBuilder("{");
        var json = new StringBuilder("{");
        var csv = new StringBuilder("arch_id,prediction\n");
        for (int i = 1; i <= n; i++)
        {
            var arch = "[" + string.Join(", ", Enumerable.Range(0, 16).Select(b => $"[{(b + 2) % 17}, 0, {random.Next(1, 7)}, 0]")) + "]";
            double acc = Math.Round(0.90 + 0.04 * random.NextDouble(), 4);
            double prediction = acc + 0.01 * (random.NextDouble() - 0.5);
            string sep = i == 1 ? "" : ", ";
            query.Append(CultureInfo.InvariantCulture, $"{sep}\"arch{i}\": {{\"acc\": {acc:R}, \"arch\": {arch}, \"split\": \"{(i % 4 == 0 ? "private" : "public")}\"}}");
            json.Append(CultureInfo.InvariantCulture, $"{sep}\"arch{i}\": {{\"acc\": {prediction:R}, \"arch\": {arch}}}");
            csv.Append(CultureInfo.InvariantCulture, $"arch{i},{prediction:R}\n");
        }
        var paths = (Path.Combine(folder, "query-set.json"), Path.Combine(folder, "predictions.json"), Path.Combine(folder, "predictions.csv"));
        File.WriteAllText(paths.Item1, query.Append('}').ToString());
        File.WriteAllText(paths.Item2, json.Append('}').ToString());
        File.WriteAllText(paths.Item3, csv.ToString());
        return paths;
    }
}
