using System.Diagnostics;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Tests.Infrastructure;
using TorchSharp;

namespace NasArena.Supernet.Tests;

/// <summary>
/// The same supernet scored again gives bit-identical results: in one process, sequentially and concurrently, and in
/// other processes. Before each run the native heap is filled with freed NaN buffers, so that a kernel reading memory
/// it did not write (the oneDNN channel-tail bug the evaluator pads around, docs/decisions/0008) shows every time
/// instead of now and then.
/// </summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")] // the demo fixture: a supernet trained by PyTorch in python3 (minutes; ADR 0053)
public class DeterminismTests(DemoFixture demo)
{
    static readonly JsonElement Settings = JsonSerializer.SerializeToElement(new { space = "demo", bnCalibrationBatches = 2, batchSize = 128, threads = 2 });
    static readonly string Benchmark = Repo.PathTo("data", "supernet-demo", "benchmark.json");
    static readonly string Baseline = Repo.PathTo("data", "supernet-demo", "baseline-supernet.safetensors");

    ScoringRequest Request() => new(Baseline, "baseline-supernet.safetensors",
    [
        new StagedAsset("benchmark", "benchmark.json", Benchmark, "b"),
        new StagedAsset("eval-data", "eval.zip", demo.File("eval.zip"), "e"),
        new StagedAsset("calibration-data", "calib.zip", demo.File("calib.zip"), "c"),
    ], Settings);

    async Task<string> ScoreAsync()
    {
        DirtyTheHeap();
        var request = Request();
        var scorer = new SupernetScorer();
        return await scorer.ScoreShardAsync(request, 0, await scorer.CountUnitsAsync(request, default), default);
    }

    [Fact]
    public async Task TheSameSupernetGivesIdenticalResultsEveryTimeInOneProcessSequentiallyAndConcurrently()
    {
        var first = await ScoreAsync();
        AssertFinite(first);
        for (int i = 0; i < 3; i++) Assert.Equal(first, await ScoreAsync());
        var concurrent = await Task.WhenAll(Task.Run(ScoreAsync), Task.Run(ScoreAsync));
        Assert.All(concurrent, r => Assert.Equal(first, r));
    }

    [Fact]
    public async Task TheSameSupernetGivesIdenticalResultsInOtherProcessesRunningAtTheSameTime()
    {
        var here = await ScoreAsync();
        var others = await Task.WhenAll(Task.Run(ScoreInChild), Task.Run(ScoreInChild));
        Assert.All(others, r => Assert.Equal(here, r));
    }

    static void AssertFinite(string shardJson)
    {
        var shard = JsonSerializer.Deserialize<ShardResult>(shardJson, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(16, shard.Results.Count);
        Assert.All(shard.Results, r => Assert.True(double.IsFinite(r.Loss!.Value) && r.Accuracy > 0.3, $"{r.Id}: accuracy {r.Accuracy}, loss {r.Loss}"));
    }

    /// <summary>Scores the same request in a fresh process: the supernet benchmark's child mode, built with the suite.</summary>
    string ScoreInChild()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Repo.PathTo("tests", "Benchmarks.Supernet", "bin", config, "net10.0", "Benchmarks.Supernet.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution (dotnet build NasArena.sln -c {config}).");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--child", "score", Baseline, Benchmark, demo.File("eval.zip"), demo.File("calib.zip"), Settings.GetRawText() })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"the child scorer failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result.Trim();
    }

    /// <summary>
    /// Allocates and frees buffers of many sizes filled with NaN, up to 16 MiB (a batch's activations), so that freed
    /// memory the allocator hands out next holds NaN (ChannelTailProbe says why large sizes go twice).
    /// </summary>
    internal static void DirtyTheHeap() => NasArena.Supernet.Evaluation.ChannelTailProbe.FillFreedMemoryWithNaN(4L << 20);
}
