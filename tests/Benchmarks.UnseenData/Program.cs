using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.Scoring.Contract;

// Sandbox figures on real Fashion-MNIST data (a small subset built by scripts/make-unseen-datasets.py).
// Each sandboxed figure is set against the same work without the sandbox (the harness run directly by python3), as a ratio.
const string Python = NasArena.Testing.Python.Interpreter;
var root = Repo.Root;
var work = Path.Combine(Path.GetTempPath(), "bench-sandbox-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
try
{
    Run(Python, Path.Combine(root, "scripts", "make-unseen-datasets.py"), "--out", work, "--train", "600", "--valid", "200", "--test", "200");
    var datasetZip = Path.Combine(work, "fashion.zip");
    var asset = new StagedAsset("dataset", "fashion.zip", datasetZip, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(datasetZip))));

    // 1. Staging (first time: validate + extract; then the cache).
    var stager = new DatasetStager(Path.Combine(work, "cache"));
    var clock = Stopwatch.StartNew();
    var staged = stager.Stage(asset);
    var firstStage = clock.Elapsed.TotalSeconds;
    clock.Restart();
    stager.Stage(asset);
    var cachedStage = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"staging a data set (600/200/200 Fashion-MNIST): first {firstStage:F3} s, cached {cachedStage * 1000:F1} ms");

    // 2. Start-up: from RunAsync to the package's first line of code, sandboxed vs plain python3.
    var quick = Package(work, "quick", "print('READY', time.monotonic(), flush=True)\nraise SystemExit(0)");
    var harnessDir = HarnessFiles.Materialize(work);
    var limits = new SandboxLimits(30, 5, 2L << 30, 128, 256L << 20, 16L << 20, 65536, 1);
    var runner = new BubblewrapRunner();
    var sandboxed = new List<double>();
    var plain = new List<double>();
    for (int i = 0; i < 5; i++)
    {
        var outDir = Path.Combine(work, $"out-start-{i}");
        clock.Restart();
        var outcome = await runner.RunAsync(new SandboxJob(harnessDir, quick, staged.PublicDirectory, outDir, limits), CancellationToken.None);
        sandboxed.Add(clock.Elapsed.TotalSeconds);
        if (!outcome.LogTail.Contains("READY")) throw new InvalidOperationException("start-up run failed:\n" + outcome.LogTail);
        clock.Restart();
        Run(Python, "-u", Path.Combine(harnessDir, "main.py"), "--submission", quick, "--data", staged.PublicDirectory, "--out", outDir + "-plain");
        plain.Add(clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"start-up to the package's first line, median of 5: sandboxed {Median(sandboxed):F3} s, plain python3 {Median(plain):F3} s, " +
                      $"ratio {Median(sandboxed) / Median(plain):F2} (target < 2 s)");

    // 3. Time-limit precision: a package that sleeps forever under a 3 s limit + 1 s grace must end at 4 s.
    var sleeper = Package(work, "sleeper", "time.sleep(3600)");
    var overshoots = new List<double>();
    for (int i = 0; i < 3; i++)
    {
        var l = limits with { TimeLimitSeconds = 3, GraceSeconds = 1 };
        var outcome = await runner.RunAsync(new SandboxJob(harnessDir, sleeper, staged.PublicDirectory, Path.Combine(work, $"out-sleep-{i}"), l), CancellationToken.None);
        if (outcome.Stop != SandboxStop.TimeLimit) throw new InvalidOperationException($"expected a time-limit stop, got {outcome.Stop}");
        overshoots.Add(outcome.Elapsed.TotalSeconds - 4);
    }
    Console.WriteLine($"time limit 3 s + 1 s grace: stopped after 4 s + [{string.Join(", ", overshoots.Select(o => $"{o:F3}"))}] s (target within 5 s)");

    // 4. Memory cap: one process past RLIMIT_DATA, and four workers past the cgroup's cap. The host must live on.
    var capBytes = 512L << 20;
    foreach (var (name, body) in new[]
    {
        ("one big allocation", "import numpy as np\nx = np.ones(2 * 1024 * 1024 * 1024 // 8)"),
        ("four 200 MB workers", "import numpy as np\nfor _ in range(4):\n    if os.fork() == 0:\n        b = np.ones(200 * 1024 * 1024 // 8)\n        time.sleep(30)\n        os._exit(0)\npid, status = os.wait()\nraise RuntimeError('worker died')"),
    })
    {
        var pkg = Package(work, "mem" + name.Length, body);
        var l = limits with { MemoryBytes = capBytes, TimeLimitSeconds = 20 };
        var job = new SandboxJob(harnessDir, pkg, staged.PublicDirectory, Path.Combine(work, "out-mem" + name.Length), l);
        var outcome = await runner.RunAsync(job, CancellationToken.None);
        var result = RunEvaluator.Evaluate(staged, job, outcome);
        Console.WriteLine($"memory cap 512 MB, {name}: {result.Failure} after {outcome.Elapsed.TotalSeconds:F2} s; " +
                          $"host alive, its working set {Environment.WorkingSet >> 20} MB ({result.Reason})");
    }
    Console.WriteLine($"cgroup: {(Directory.Exists("/sys/fs/cgroup/memory") || File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "available" : "absent")}; cores {Environment.ProcessorCount}");
}
finally
{
    Directory.Delete(work, true);
}

static string Package(string work, string name, string body)
{
    var dir = Path.Combine(work, "pkg-" + name);
    Directory.CreateDirectory(dir);
    var indented = string.Join("\n", body.Split('\n').Select(l => "        " + l));
    File.WriteAllText(Path.Combine(dir, "nas.py"), $"""
import os, sys, time

class DataProcessor:
    def __init__(self, *args):
        pass

    def process(self):
{indented}

class NAS:
    pass

class Trainer:
    pass
""");
    return dir;
}

static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

static void Run(string file, params string[] args)
{
    var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in args) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var err = p.StandardError.ReadToEndAsync();
    p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    _ = err.Result;
}

