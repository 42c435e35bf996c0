using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Tests.Infrastructure;

namespace NasArena.Supernet.Tests;

/// <summary>The committed demo track (data/supernet-demo): its mini NAS-bench and the starter kit's baseline supernet.</summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")] // the demo fixture: a supernet trained by PyTorch in python3 (minutes; ADR 0053)
public class DemoTrackTests(DemoFixture demo)
{
    static readonly string Benchmark = Repo.PathTo("data", "supernet-demo", "benchmark.json");
    static readonly JsonElement Settings = JsonSerializer.SerializeToElement(new { space = "demo", bnCalibrationBatches = 2, batchSize = 128 });

    [Fact]
    public async Task TheCommittedMiniNasBenchIsAValidBenchmarkAsset()
    {
        await new SupernetScorer().ValidateAssetAsync("benchmark", Benchmark, Settings, default);
        var entries = BenchmarkSet.Load(Benchmark, Supernet.Spaces.SearchSpaces.Demo).Entries;
        Assert.True(entries.Count >= 12, $"only {entries.Count} architectures");
        Assert.Contains(entries, e => !e.IsPublic);
    }

    [Fact]
    public async Task TheBaselineSupernetScoresOnTheMiniNasBench()
    {
        var request = new ScoringRequest(Repo.PathTo("data", "supernet-demo", "baseline-supernet.safetensors"), "baseline-supernet.safetensors",
        [
            new StagedAsset("benchmark", "benchmark.json", Benchmark, "b"),
            new StagedAsset("eval-data", "eval.zip", demo.File("eval.zip"), "e"),
            new StagedAsset("calibration-data", "calib.zip", demo.File("calib.zip"), "c"),
        ], Settings);
        await new SupernetScorer().PrecheckAsync(request, default);
        var result = await new SupernetScorer().ScoreAsync(request, default);
        Assert.All(result.Public.Values.Concat(result.Private.Values), v => Assert.InRange(v, -1.0, 1.0));
    }
}
