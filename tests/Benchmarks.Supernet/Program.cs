using System.Diagnostics;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Data;
using NasArena.Supernet.Evaluation;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Spaces;
using TorchSharp;

// Supernet evaluator figures on the demo space (Fashion-MNIST), each against its reference in the same run:
//   1. subnets evaluated per minute, TorchSharp vs a plain PyTorch eager loop (ratio; target >= 1.0)
//   2. work per subnet beyond forward passes (weight extraction, BN reset and folding) as % of its evaluation time (target < 10%)
//   3. worker peak memory vs number of architectures (target: flat); 3 and 4 use 256 eval samples and 1 calibration batch
//   4. two worker processes on halves vs one process on all (target <= 0.6x)
// Usage: dotnet run -c Release --project tests/Benchmarks.Supernet [-- --archs 24 --eval 2000 --threads 2]
var space = SearchSpaces.Demo;
var opts = Options(args);
var root = FindRoot();
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

// 1 + 2: TorchSharp evaluator vs PyTorch eager loop
TorchRuntime.Configure(threads);
using (var weights = CheckpointLoader.Load(Path.Combine(dir, "supernet.safetensors"), space, 1L << 30))
using (var evaluator = new SubnetEvaluator(space, weights, LabelledData.Load(Path.Combine(dir, "eval.zip"), "eval-data", space),
           LabelledData.Load(Path.Combine(dir, "calib.zip"), "calibration-data", space), calib, batch, torch.CPU))
{
    evaluator.Evaluate(space.Parse(archs[0])); // warm-up, as the Python side
    // The machine is shared: alternate the two sides (A B A B) and keep each side's best run.
    double sharpSeconds = double.MaxValue, pySeconds = double.MaxValue;
    var timings = new List<SubnetTimings>();
    var ours = new Dictionary<string, SubnetResult>();
    JsonElement py = default;
    for (int round = 0; round < 2; round++)
    {
        var clock = Stopwatch.StartNew();
        var roundTimings = new List<SubnetTimings>();
        foreach (var a in archs)
        {
            ours[a] = evaluator.Evaluate(space.Parse(a), out var t);
            roundTimings.Add(t);
        }
        if (clock.Elapsed.TotalSeconds < sharpSeconds) { sharpSeconds = clock.Elapsed.TotalSeconds; timings = roundTimings; }
        py = JsonDocument.Parse(Python(Path.Combine(root, "tests", "Benchmarks.Supernet", "pytorch_loop.py"),
            [kit, dir, threads.ToString(), batch.ToString(), calib.ToString(), .. archs])).RootElement;
        pySeconds = Math.Min(pySeconds, py.GetProperty("seconds").GetDouble());
    }
    double maxLossDiff = archs.Max(a => Math.Abs(ours[a].Loss - py.GetProperty("results").GetProperty(a)[1].GetDouble()));
    Console.WriteLine($"[1] TorchSharp {archs.Count / sharpSeconds * 60:F1} subnets/min, PyTorch eager {archs.Count / pySeconds * 60:F1} subnets/min: ratio {pySeconds / sharpSeconds:F2} (max |loss diff| {maxLossDiff:E1})");
    double extraction = timings.Sum(t => t.Extraction.TotalSeconds), total = timings.Sum(t => (t.Extraction + t.Calibration + t.Evaluation).TotalSeconds);
    Console.WriteLine($"[2] weight extraction + BN reset/folding + malloc_trim {extraction / archs.Count * 1000:F2} ms per subnet = {extraction / total * 100:F2}% of evaluation time " +
                      $"({total / archs.Count * 1000:F1} ms per subnet: calibration {timings.Sum(t => t.Calibration.TotalSeconds) / total * 100:F1}%, eval {timings.Sum(t => t.Evaluation.TotalSeconds) / total * 100:F1}%)");
}

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

static string Python(string script, params string[] args)
{
    var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
    psi.ArgumentList.Add(script);
    foreach (var a in args) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi) ?? throw new InvalidOperationException("/usr/bin/python3 missing: apt-get install python3-torch python3-numpy");
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed");
    return output;
}

static Dictionary<string, int> Options(string[] args)
{
    var d = new Dictionary<string, int>();
    for (int i = 0; i + 1 < args.Length; i++)
        if (args[i].StartsWith("--") && int.TryParse(args[i + 1], out var v)) d[args[i][2..]] = v;
    return d;
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "NasArena.sln"))) return d.FullName;
    throw new InvalidOperationException("NasArena.sln not found");
}
