using System.Diagnostics;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Data;
using NasArena.Supernet.Evaluation;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Spaces;
using TorchSharp;

// Supernet evaluator figures, each against its reference in the same run:
//   1. subnets evaluated per minute, TorchSharp vs a plain PyTorch eager loop (ratio): on the demo space (Fashion-MNIST;
//      target >= 1.0) and on cvpr21-resnet20 (untrained supernet, synthetic CIFAR-sized data; target >= 1.5)
//   2. work per subnet beyond forward passes (weight extraction, BN reset and folding) as % of its evaluation time (target < 10%)
//   3. worker peak memory vs number of architectures (target: flat); 3 and 4 use 256 eval samples and 1 calibration batch
//   4. two worker processes on halves vs one process on all (target <= 0.6x)
// Usage: dotnet run -c Release --project tests/Benchmarks.Supernet [-- --archs 24 --resnet-archs 8 --eval 2000 --threads 2]
//        ... -- --speed-only 1: figures 0-2 only;  ... -- --archs 0: cvpr21-resnet20 only (figure 1)
//        ... -- --probe: which convolution input widths read uninitialised memory on this machine (docs/decisions/0038)
//        ... -- --profile [--threads 2]: one cvpr21-resnet20 calibration batch per kind of op, TorchSharp vs PyTorch (docs/decisions/0055)
var space = SearchSpaces.Demo;
var opts = Options(args);
if (args.Length > 0 && args[0] == "--probe") return Probe(opts.GetValueOrDefault("threads", 2));
if (args.Length > 0 && args[0] == "--probe-one") // --probe-one CIN COUT KERNEL STRIDE: one case, timed
{
    TorchRuntime.Configure(2);
    var probeCase = new ChannelTailProbe.Case(long.Parse(args[1]), long.Parse(args[2]), long.Parse(args[3]), long.Parse(args[4]), false, args.Length > 5 ? long.Parse(args[5]) : 8);
    var probeClock = Stopwatch.StartNew();
    Console.WriteLine($"{probeCase}: reads garbage {ChannelTailProbe.ReadsGarbage(probeCase)} ({probeClock.ElapsedMilliseconds} ms)");
    return 0;
}
var root = Repo.Root;
if (args.Length > 0 && args[0] == "--profile")
{
    int profileThreads = opts.GetValueOrDefault("threads", 2);
    for (int round = 0; round < 2; round++)
    {
        OpProfile.Run(profileThreads, pad: true);
        Console.Write(Python(Path.Combine(root, "tests", "Benchmarks.Supernet", "op_profile.py"), profileThreads.ToString(), OpProfile.Arch));
    }
    return 0;
}
var kit = Path.Combine(root, "starter-kits", "supernet");
var dir = Path.Combine(Path.GetTempPath(), "nasarena-bench-supernet");
int threads = opts.GetValueOrDefault("threads", 2), batch = 256, calib = 4;

if (args.Length > 0 && args[0] == "--child") return Child(args, dir, space);

int nArchs = opts.GetValueOrDefault("archs", 16), nEval = opts.GetValueOrDefault("eval", 1000);
Console.WriteLine($"preparing {dir} (demo supernet, {nEval} eval samples) ...");
Python(Path.Combine(root, "tests", "Benchmarks.Supernet", "prepare.py"), kit, dir, nEval.ToString());
var all = AllArchitectures(space);
var archs = Spread(all, nArchs);
Console.WriteLine($"demo space, {archs.Count} architectures, {nEval} eval samples, {calib} calibration batches of {batch}, {threads} threads, {Environment.ProcessorCount} cores (shared)");

// 0: the committed baseline supernet on the committed mini NAS-bench, scored by the platform's scorer: the same figures
// on every run (docs/decisions/0008); the SHA-256 covers every subnet's accuracy and loss to the last bit.
{
    var request = new ScoringRequest(Path.Combine(root, "data", "supernet-demo", "baseline-supernet.safetensors"), "baseline-supernet.safetensors",
        [new("benchmark", "benchmark.json", Path.Combine(root, "data", "supernet-demo", "benchmark.json"), "b"),
         new("eval-data", "eval.zip", Path.Combine(dir, "eval.zip"), "e"), new("calibration-data", "calib.zip", Path.Combine(dir, "calib.zip"), "c")],
        JsonSerializer.SerializeToElement(new { space = "demo", bnCalibrationBatches = 2, batchSize = 128, threads }));
    var scorer = new SupernetScorer();
    var shard = await scorer.ScoreShardAsync(request, 0, await scorer.CountUnitsAsync(request, default), default);
    var score = await scorer.CombineAsync(request, [shard], default);
    var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        JsonDocument.Parse(shard).RootElement.GetProperty("results").GetRawText())))[..16];
    Console.WriteLine($"[0] baseline supernet on the mini NAS-bench: kendall_tau public {score.Public["kendall_tau"]:R}, private {score.Private["kendall_tau"]:R}; " +
                      $"per-subnet results sha256 {hash}");
}

// 1 + 2: TorchSharp evaluator vs PyTorch eager loop, on the demo space and on the CVPR 2021 ResNet-20 space
TorchRuntime.Configure(threads);
var demoRatio = archs.Count > 0 ? CompareWithPyTorch(space, dir, archs, "demo") : double.NaN;
int nResnet = opts.GetValueOrDefault("resnet-archs", 8);
var resnetDir = Path.Combine(dir, "resnet20");
Python(Path.Combine(root, "tests", "Benchmarks.Supernet", "prepare.py"), kit, resnetDir, nEval.ToString(), "cvpr21-resnet20");
var resnetArchs = Sample(SearchSpaces.Cvpr21ResNet20, nResnet);
Console.WriteLine($"cvpr21-resnet20 space (untrained supernet, synthetic 3x32x32 data, 100 classes), {resnetArchs.Count} architectures, {nEval} eval samples, {calib} calibration batches of {batch}");
var resnetRatio = CompareWithPyTorch(SearchSpaces.Cvpr21ResNet20, resnetDir, resnetArchs, "cvpr21-resnet20");
Console.WriteLine((double.IsNaN(demoRatio) ? "[1] targets: demo not run (--archs 0), " : $"[1] targets: demo ratio {demoRatio:F2} (target >= 1.0: {(demoRatio >= 1.0 ? "met" : "NOT met")}), ") +
                  $"cvpr21-resnet20 ratio {resnetRatio:F2} (target >= 1.5: {(resnetRatio >= 1.5 ? "met" : "NOT met")})");

if (opts.GetValueOrDefault("speed-only", 0) == 1) return 0;

// 3: peak memory of a worker process scoring N architectures through the scorer
foreach (var n in new[] { 8, 32, 96 })
{
    var (seconds, hwm) = RunChild(["memory", n.ToString(), threads.ToString()]);
    Console.WriteLine($"[3] worker scoring {n,3} architectures: peak RSS {hwm / 1024.0:F0} MiB ({seconds:F1} s)");
}

// 4: one worker process on all vs two on halves (threads 1 each, the same per-track setting on both sides)
int shardN = 48;
var one = Stopwatch.StartNew();
RunChild(["shard", "0", shardN.ToString(), "1", shardN.ToString()]);
double oneSeconds = one.Elapsed.TotalSeconds;
var two = Stopwatch.StartNew();
var tasks = new[] { Task.Run(() => RunChild(["shard", "0", (shardN / 2).ToString(), "1", shardN.ToString()])),
                    Task.Run(() => RunChild(["shard", (shardN / 2).ToString(), (shardN - shardN / 2).ToString(), "1", shardN.ToString()])) };
Task.WaitAll(tasks);
double twoSeconds = two.Elapsed.TotalSeconds;
Console.WriteLine($"[4] {shardN} architectures: one worker {oneSeconds:F1} s, two workers {twoSeconds:F1} s: {twoSeconds / oneSeconds:F2}x (process start and data loading included)");
return 0;

(double Seconds, long PeakKb) RunChild(string[] childArgs)
{
    var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("Benchmarks.Supernet")) psi.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    psi.ArgumentList.Add("--child");
    foreach (var a in childArgs) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("child failed: " + output);
    var parts = output.Trim().Split(' ');
    return (double.Parse(parts[0]), long.Parse(parts[1]));
}

static int Child(string[] args, string dir, SearchSpace space)
{
    // --child memory N THREADS | --child shard START COUNT THREADS TOTAL | --child rss N
    // --child score CHECKPOINT BENCHMARK EVAL CALIBRATION SETTINGS_JSON: prints the shard result JSON of all architectures
    // (the determinism test compares it across processes)
    var clock = Stopwatch.StartNew();
    if (args[1] == "score")
    {
        var scoreRequest = new ScoringRequest(args[2], Path.GetFileName(args[2]),
            [new("benchmark", "benchmark.json", args[3], "b"), new("eval-data", "eval.zip", args[4], "e"), new("calibration-data", "calib.zip", args[5], "c")],
            JsonDocument.Parse(args[6]).RootElement);
        var childScorer = new SupernetScorer();
        int units = childScorer.CountUnitsAsync(scoreRequest, default).GetAwaiter().GetResult();
        Console.WriteLine(childScorer.ScoreShardAsync(scoreRequest, 0, units, default).GetAwaiter().GetResult());
        return 0;
    }
    if (args[1] == "rss")
    {
        TorchRuntime.Configure(2);
        using var w = CheckpointLoader.Load(Path.Combine(dir, "supernet.safetensors"), space, 1L << 30);
        using var ev = new SubnetEvaluator(space, w, LabelledData.Load(Path.Combine(dir, "eval-small.zip"), "eval-data", space),
            LabelledData.Load(Path.Combine(dir, "calib.zip"), "calibration-data", space), 1, 256, torch.CPU);
        var archs = Spread(AllArchitectures(space), 648);
        for (int i = 0; i < int.Parse(args[2]); i++)
        {
            ev.Evaluate(space.Parse(archs[Environment.GetEnvironmentVariable("SAME") is null ? i % archs.Count : 0]));
            if (i % 50 == 0) Console.WriteLine($"{i} {clock.Elapsed.TotalSeconds:F0}s {File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"))} managed {GC.GetTotalMemory(true) >> 20} MiB");
        }
        return 0;
    }
    int total = args[1] == "memory" ? int.Parse(args[2]) : int.Parse(args[5]);
    int threads = args[1] == "memory" ? int.Parse(args[3]) : int.Parse(args[4]);
    var all = AllArchitectures(space);
    var bench = Path.Combine(dir, $"bench-{total}.json");
    if (!File.Exists(bench))
        File.WriteAllText(bench, JsonSerializer.Serialize(Enumerable.Range(0, total).ToDictionary(i => $"arch{i + 1}",
            i => new { arch = Spread(all, total)[i], acc = (double)i, split = i % 2 == 0 ? "public" : "private" })));
    var request = new ScoringRequest(Path.Combine(dir, "supernet.safetensors"), "supernet.safetensors",
        [new("benchmark", "b", bench, "b"), new("eval-data", "e", Path.Combine(dir, "eval-small.zip"), "e"), new("calibration-data", "c", Path.Combine(dir, "calib.zip"), "c")],
        JsonSerializer.SerializeToElement(new { space = "demo", bnCalibrationBatches = 1, batchSize = 256, threads }));
    var scorer = new SupernetScorer();
    if (args[1] == "memory") scorer.ScoreAsync(request, default).GetAwaiter().GetResult();
    else scorer.ScoreShardAsync(request, int.Parse(args[2]), int.Parse(args[3]), default).GetAwaiter().GetResult();
    var hwm = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    Console.WriteLine($"{clock.Elapsed.TotalSeconds} {hwm}");
    return 0;
}

// --probe: which convolution input widths make libtorch's float32 convolution read memory it did not write, on this
// machine (docs/decisions/0038); ONEDNN_MAX_CPU_ISA=AVX2 in the environment probes the AVX2 kernels.
static int Probe(int threads)
{
    TorchRuntime.Configure(threads);
    Console.WriteLine($"probe: conv2d of (8, cin, 16, 16) against the same input without a channel tail, freed memory filled with NaN; ISA {EvaluatorInfo.Current(threads).Isa}");
    var badWidths = new SortedSet<long>();
    var badCases = new List<string>();
    int cases = 0;
    foreach (var kernel in new long[] { 3, 1 })
        foreach (var stride in new long[] { 1, 2 })
            foreach (var bias in new[] { false, true })
                foreach (var cout in new long[] { 8, 12, 24, 64 })
                    for (long cin = 1; cin <= 64; cin++, cases++)
                    {
                        var c = new ChannelTailProbe.Case(cin, cout, kernel, stride, bias);
                        if (!ChannelTailProbe.ReadsGarbage(c)) continue;
                        badWidths.Add(cin);
                        badCases.Add($"{cin}->{cout} k{kernel} s{stride}{(bias ? " bias" : "")}");
                        if (badCases.Count % 20 == 1) Console.WriteLine($"  e.g. {badCases[^1]}");
                    }
    Console.WriteLine($"input widths that read garbage (some case): {string.Join(' ', badWidths)}");
    Console.WriteLine($"{badCases.Count} bad cases of {cases}; kernels: {string.Join(", ", badCases.GroupBy(b => b.Split(' ')[1]).Select(g => $"{g.Key} {g.Count()}"))}");
    var unpaddedBad = badWidths.Where(w => ChannelPadding.Padded(w) == w).ToList();
    Console.WriteLine(unpaddedBad.Count == 0 ? "every such width is padded by ChannelPadding" : $"NOT PADDED but bad: {string.Join(' ', unpaddedBad)}");
    return unpaddedBad.Count == 0 ? 0 : 1;
}

// Figures 1 and 2 on one space: subnets/min of the evaluator and of the PyTorch eager loop, alternated; returns the ratio.
double CompareWithPyTorch(SearchSpace on, string from, List<string> names, string label)
{
    using var weights = CheckpointLoader.Load(Path.Combine(from, "supernet.safetensors"), on, 1L << 30);
    using var evaluator = new SubnetEvaluator(on, weights, LabelledData.Load(Path.Combine(from, "eval.zip"), "eval-data", on),
        LabelledData.Load(Path.Combine(from, "calib.zip"), "calibration-data", on), calib, batch, torch.CPU);
    evaluator.Evaluate(on.Parse(names[0])); // warm-up, as the Python side
    // The machine is shared: alternate the two sides (A B A B) and keep each side's best run.
    double sharpSeconds = double.MaxValue, pySeconds = double.MaxValue, sharpCpu = double.MaxValue, pyCpu = double.MaxValue;
    var timings = new List<SubnetTimings>();
    var ours = new Dictionary<string, SubnetResult>();
    JsonElement py = default;
    for (int round = 0; round < 2; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var roundTimings = new List<SubnetTimings>();
        foreach (var a in names)
        {
            ours[a] = evaluator.Evaluate(on.Parse(a), out var t);
            roundTimings.Add(t);
        }
        sharpCpu = Math.Min(sharpCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        if (clock.Elapsed.TotalSeconds < sharpSeconds) { sharpSeconds = clock.Elapsed.TotalSeconds; timings = roundTimings; }
        py = JsonDocument.Parse(Python(Path.Combine(root, "tests", "Benchmarks.Supernet", "pytorch_loop.py"),
            [kit, from, on.Name, threads.ToString(), batch.ToString(), calib.ToString(), .. names])).RootElement;
        pySeconds = Math.Min(pySeconds, py.GetProperty("seconds").GetDouble());
        pyCpu = Math.Min(pyCpu, py.GetProperty("cpuSeconds").GetDouble());
    }
    double maxLossDiff = names.Max(a => Math.Abs(ours[a].Loss - py.GetProperty("results").GetProperty(a)[1].GetDouble()));
    int accuracyDiffs = names.Count(a => ours[a].Accuracy != py.GetProperty("results").GetProperty(a)[0].GetDouble());
    Console.WriteLine($"[1] {label}: TorchSharp {names.Count / sharpSeconds * 60:F1} subnets/min, PyTorch eager {names.Count / pySeconds * 60:F1} subnets/min: " +
                      $"ratio {pySeconds / sharpSeconds:F2} (max |loss diff| {maxLossDiff:E1}, accuracies differing {accuracyDiffs} of {names.Count}); " +
                      // Process CPU time (all threads): what the work costs, where wall time on a loaded machine is mostly the wait for a core.
                      $"CPU seconds per subnet TorchSharp {sharpCpu / names.Count:F2}, PyTorch {pyCpu / names.Count:F2}: CPU ratio {pyCpu / sharpCpu:F2}");
    double extraction = timings.Sum(t => t.Extraction.TotalSeconds), total = timings.Sum(t => (t.Extraction + t.Calibration + t.Evaluation).TotalSeconds);
    Console.WriteLine($"[2] {label}: weight extraction + BN reset/folding + malloc_trim {extraction / names.Count * 1000:F2} ms per subnet = {extraction / total * 100:F2}% of evaluation time " +
                      $"({total / names.Count * 1000:F1} ms per subnet: calibration {timings.Sum(t => t.Calibration.TotalSeconds) / total * 100:F1}%, eval {timings.Sum(t => t.Evaluation.TotalSeconds) / total * 100:F1}%)");
    return pySeconds / sharpSeconds;
}

// Architectures drawn uniformly from a space too large to enumerate (seeded: the same in every run).
static List<string> Sample(SearchSpace on, int n)
{
    var random = new Random(2021);
    return Enumerable.Range(0, n).Select(_ => string.Join('-', on.Choices.Select(c => c[random.Next(c.Count)]))).ToList();
}

// A fixed pseudo-random spread over the space (seeded shuffle), the same in every process.
static List<string> Spread(List<string> all, int n)
{
    var shuffled = all.ToArray();
    new Random(2021).Shuffle(shuffled);
    return shuffled.Take(n).ToList();
}

static List<string> AllArchitectures(SearchSpace space)
{
    IEnumerable<string> Expand(int pos) => pos == space.Positions
        ? [""]
        : space.Choices[pos].SelectMany(c => Expand(pos + 1).Select(rest => pos + 1 == space.Positions ? $"{c}" : $"{c}-{rest}"));
    return Expand(0).ToList();
}

static string Python(string script, params string[] args) => NasArena.Testing.Python.Run([script, .. args]);

static Dictionary<string, int> Options(string[] args)
{
    var d = new Dictionary<string, int>();
    for (int i = 0; i + 1 < args.Length; i++)
        if (args[i].StartsWith("--") && int.TryParse(args[i + 1], out var v)) d[args[i][2..]] = v;
    return d;
}

