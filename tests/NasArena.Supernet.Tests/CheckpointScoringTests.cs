using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Tests.Infrastructure;

namespace NasArena.Supernet.Tests;

/// <summary>The scorer end to end on the demo space: an uploaded supernet, evaluated per architecture, in shards.</summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")] // the demo fixture: a supernet trained by PyTorch in python3 (minutes; ADR 0053)
public class CheckpointScoringTests(DemoFixture demo)
{
    // Stand-alone accuracies of the six demo architectures: inputs of the test, not results (any distinct numbers do).
    static readonly double[] StandAlone = [0.861, 0.902, 0.874, 0.889, 0.893, 0.881];
    static readonly object Settings = new { space = "demo", bnCalibrationBatches = 2, batchSize = 128, threads = 2 };

    sealed record Detail(string Id, double Score, double SupernetAccuracy, double SupernetLoss);
    sealed record Details(string Mode, string ScoreBy, List<Detail> Architectures);

    [Fact]
    public async Task TwoShardsGiveTheSameResultsAsOneAndMetricsMatchScipyPerSplit()
    {
        var scorer = new SupernetScorer();
        var request = demo.Request(demo.File("supernet.pt"), demo.WriteBenchmark("bench.json", StandAlone), Settings);
        Assert.Equal(6, await scorer.CountUnitsAsync(request, default));
        var first = await scorer.ScoreShardAsync(request, 0, 4, default);
        var second = await scorer.ScoreShardAsync(request, 4, 2, default);
        var sharded = await scorer.CombineAsync(request, [first, second], default);
        var oneShot = await scorer.ScoreAsync(request, default);
        Assert.Equal(oneShot.DetailsJson, sharded.DetailsJson);

        var details = JsonSerializer.Deserialize<Details>(sharded.DetailsJson!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(6, details.Architectures.Count);
        Assert.All(details.Architectures, d => Assert.Equal(d.SupernetAccuracy, d.Score));
        var scores = details.Architectures.Select(d => d.Score).ToList();
        Scipy.AssertEqual(Scipy.Correlations([scores[0], scores[2], scores[4]], [StandAlone[0], StandAlone[2], StandAlone[4]]), sharded.Public);
        Scipy.AssertEqual(Scipy.Correlations([scores[1], scores[3], scores[5]], [StandAlone[1], StandAlone[3], StandAlone[5]]), sharded.Private);
    }

    [Fact]
    public async Task TheSameShardScoredTwiceGivesIdenticalJsonInBothFormats()
    {
        var scorer = new SupernetScorer();
        var bench = demo.WriteBenchmark("bench-repeat.json", StandAlone);
        var pt = await scorer.ScoreShardAsync(demo.Request(demo.File("supernet.pt"), bench, Settings), 1, 3, default);
        var again = await scorer.ScoreShardAsync(demo.Request(demo.File("supernet.pt"), bench, Settings), 1, 3, default);
        var st = await scorer.ScoreShardAsync(demo.Request(demo.File("supernet.safetensors"), bench, Settings), 1, 3, default);
        Assert.Equal(pt, again);
        Assert.Equal(pt, st);
    }

    [Fact]
    public async Task ASubnetWhoseLogitsOverflowFailsTheSubmissionNamingTheArchitecture()
    {
        // overflow.safetensors: finite weights (fc.weight x 1e38) whose logits are not finite in float32.
        var request = demo.Request(demo.File("overflow.safetensors"), demo.WriteBenchmark("bench-overflow.json", StandAlone), Settings);
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => new SupernetScorer().ScoreAsync(request, default));
        Assert.Contains($"Architecture 'arch1' ({DemoFixture.Architectures[0]})", e.Message);
        Assert.Contains("not finite", e.Message);
    }

    [Fact]
    public async Task EveryScoreRecordsWhatEvaluatedIt()
    {
        var request = demo.Request(demo.File("supernet.safetensors"), demo.WriteBenchmark("bench-evaluator.json", StandAlone), Settings);
        var result = await new SupernetScorer().ScoreAsync(request, default);
        var evaluator = JsonDocument.Parse(result.DetailsJson!).RootElement.GetProperty("evaluatedBy").EnumerateArray().Single();
        Assert.Equal("cpu", evaluator.GetProperty("device").GetString());
        Assert.Equal(2, evaluator.GetProperty("threads").GetInt32());
        Assert.StartsWith("2.10.0", evaluator.GetProperty("libTorch").GetString());
        Assert.Equal("0.107.0", evaluator.GetProperty("torchSharp").GetString());
        var cpu = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name")).Split(':', 2)[1].Trim();
        Assert.Equal(cpu, evaluator.GetProperty("processor").GetString());
        Assert.Matches("^(avx512|avx2|sse41)", evaluator.GetProperty("isa").GetString());
    }

    [Fact]
    public async Task ScoringByLossUsesTheNegatedLossAndReportsProgress()
    {
        var progress = new List<ScoringProgress>();
        var request = demo.Request(demo.File("supernet.safetensors"), demo.WriteBenchmark("bench-loss.json", StandAlone),
            new { space = "demo", scoreBy = "loss", batchSize = 128 }, withCalibration: false) with
        { Progress = new SyncProgress(progress) };
        var result = await new SupernetScorer().ScoreAsync(request, default);
        var details = JsonSerializer.Deserialize<Details>(result.DetailsJson!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.All(details.Architectures, d => Assert.Equal(-d.SupernetLoss, d.Score));
        Assert.Equal(new ScoringProgress(6, 6), progress[^1]);
        Assert.Equal(7, progress.Count);
    }

    [Fact]
    public async Task AFaultyCheckpointIsRejectedAtPrecheckWithTheReason()
    {
        var request = demo.Request(demo.File("misspelt-key.pt"), demo.WriteBenchmark("bench-pre.json", StandAlone), Settings);
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => new SupernetScorer().PrecheckAsync(request, default));
        Assert.Contains("did you mean 'blocks.1.conv1.weight'", e.Message);
    }

    [Fact]
    public async Task ABenchmarkWithAnArchitectureTheSpaceRejectsIsRejectedOnUpload()
    {
        var path = demo.File("bench-bad.json");
        File.WriteAllText(path, """{"arch1": {"arch": "4-4-4-8-8-16-16", "acc": 0.8, "split": "public"}, "arch2": {"arch": "4-4-4-8-8-16-20", "acc": 0.8, "split": "private"}}""");
        var e = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            new SupernetScorer().ValidateAssetAsync("benchmark", path, JsonSerializer.SerializeToElement(Settings), default));
        Assert.Equal("Benchmark entry 'arch2': '4-4-4-8-8-16-20': position 7 is 20, not one of the allowed {16, 24, 32}.", e.Message);
    }

    [Fact]
    public async Task ABenchmarkWithADuplicateArchitectureIsRejectedOnUpload()
    {
        var path = demo.File("bench-dup.json");
        File.WriteAllText(path, """{"a": {"arch": "4-4-4-8-8-16-16", "acc": 0.8, "split": "public"}, "b": {"arch": "4-4-4-8-8-16-16", "acc": 0.7, "split": "private"}}""");
        var e = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            new SupernetScorer().ValidateAssetAsync("benchmark", path, JsonSerializer.SerializeToElement(Settings), default));
        Assert.Equal("Benchmark entry 'b': architecture 4-4-4-8-8-16-16 duplicates entry 'a'.", e.Message);
    }

    [Fact]
    public async Task ABenchmarkWithAnEmptyPrivateSplitIsRejectedOnUpload()
    {
        var path = demo.File("bench-split.json");
        File.WriteAllText(path, """{"a": {"arch": "4-4-4-8-8-16-16", "acc": 0.8, "split": "public"}, "b": {"arch": "8-4-4-8-8-16-16", "acc": 0.7, "split": "public"}}""");
        var e = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            new SupernetScorer().ValidateAssetAsync("benchmark", path, JsonSerializer.SerializeToElement(Settings), default));
        Assert.Contains("the private split is empty", e.Message);
    }

    [Fact]
    public async Task EvalDataWithMismatchedXAndYIsRejectedOnUpload()
    {
        var e = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            new SupernetScorer().ValidateAssetAsync("eval-data", demo.File("eval-mismatched.zip"), JsonSerializer.SerializeToElement(Settings), default));
        Assert.Contains("x.npy has 10 samples but y.npy has 9 labels", e.Message);
    }

    sealed class SyncProgress(List<ScoringProgress> sink) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => sink.Add(value);
    }
}
