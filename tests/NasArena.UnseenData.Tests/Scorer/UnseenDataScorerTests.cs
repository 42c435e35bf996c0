using System.Text.Json;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Scoring;

/// <summary>Scoring through the real sandbox with packages that predict by a fixed rule (no training needed).</summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed class UnseenDataScorerTests : IDisposable
{
    // On the tiny data set the class is the brightness level: mean > 0.75 means class 1.
    private const string PerfectRule = "(test_x.mean(axis=(1, 2, 3)) > 0.75).astype(np.int64)";
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ScoresEachDataSetAgainstItsBenchmarkAndSumsTheScores()
    {
        var perfect = SyntheticDataset.Create(_h.Directory, codename: "alpha", benchmark: 50);
        var halfRight = SyntheticDataset.Create(_h.Directory, codename: "beta", classes: 4, test: 40, benchmark: 20);
        // On "beta" (4 classes) the rule gets classes 0 and 1 right (and calls 2 and 3 "1"): 10 of 40 ... see below.
        var zip = _h.Zip(PackageSources.Predicting(PerfectRule));
        var result = await _h.Scorer.ScoreAsync(_h.Request(zip, SandboxHarness.TorchLimits, perfect, halfRight), CancellationToken.None);

        // alpha: 100 % against a benchmark of 50 gives 10. beta: labels cycle 0,1,2,3; the rule says 0 for class 0
        // and 1 for classes 1..3, so 20 of 40 are right: 50 % against 20 gives 10 * 30 / 80 = 3.75.
        Assert.Equal(100, result.Public["alpha_accuracy"]);
        Assert.Equal(10, result.Public["alpha_score"]);
        Assert.Equal(50, result.Public["beta_accuracy"]);
        Assert.Equal(3.75, result.Public["beta_score"], 9);
        Assert.Equal(13.75, result.Public["score"], 9);
        Assert.Equal(result.Public, result.Private); // no private split defined: the same numbers

        var details = JsonDocument.Parse(result.DetailsJson!).RootElement;
        Assert.Equal("scored", details.GetProperty("datasets")[0].GetProperty("status").GetString());
        Assert.Contains("[harness] predict", details.GetProperty("logs").GetProperty("alpha").GetString());
        Assert.False(JsonDocument.Parse(UnseenDataDetails.WithoutLogs(result.DetailsJson!)).RootElement.TryGetProperty("logs", out _));

        // The bootstrap's input: a bit per test item, right or not, in test order; on beta the rule is right on classes 0, 1.
        var items = result.PublicDatasets!.Datasets;
        Assert.Equal(["alpha", "beta"], items.Select(d => d.Codename));
        Assert.Equal([20, 40], items.Select(d => d.Count));
        Assert.Equal([50.0, 20.0], items.Select(d => d.BenchmarkPercent));
        Assert.Equal(Bits(Enumerable.Repeat(true, 20)), items[0].Correct);
        Assert.Equal(Bits(Enumerable.Range(0, 40).Select(i => i % 4 < 2)), items[1].Correct);
        // ... which stay out of the details: neither as bytes nor as their base64.
        foreach (var d in items) Assert.DoesNotContain(Convert.ToBase64String(d.Correct!), result.DetailsJson);
        Assert.DoesNotContain("Correct", result.DetailsJson);
    }

    private static byte[] Bits(IEnumerable<bool> right) => NasArena.Scoring.Metrics.DatasetItems.Pack(right.ToArray());

    [Fact]
    public async Task AFailedDataSetScoresMinusTenAndTheOthersStillCount()
    {
        var ok = SyntheticDataset.Create(_h.Directory, codename: "alpha", benchmark: 50);
        var other = SyntheticDataset.Create(_h.Directory, codename: "gamma", classes: 3, benchmark: 50);
        // Crashes on gamma only (3 classes), scores on alpha.
        var zip = _h.Zip(PackageSources.Predicting("(_ for _ in ()).throw(ValueError('no idea')) if self.metadata['num_classes'] == 3 else " + PerfectRule));
        var result = await _h.Scorer.ScoreAsync(_h.Request(zip, SandboxHarness.TorchLimits, ok, other), CancellationToken.None);

        Assert.Equal(0, result.Public["score"], 9); // 10 + (-10)
        Assert.Equal(-10, result.Public["gamma_score"]);
        var gamma = JsonDocument.Parse(result.DetailsJson!).RootElement.GetProperty("datasets")[1];
        Assert.Equal("failed", gamma.GetProperty("status").GetString());
        Assert.Equal("Exception", gamma.GetProperty("failure").GetString());
        Assert.Equal("Exception in phase 'predict': ValueError: no idea", gamma.GetProperty("reason").GetString());
        // A failed run has no bits (its -10 is fixed) but its item count, so that it pairs with the phase's other entries.
        var failed = result.PublicDatasets!.Datasets.Single(d => d.Codename == "gamma");
        Assert.Null(failed.Correct);
        Assert.Equal(20, failed.Count);
    }

    [Fact]
    public async Task ShardsOfOneDataSetEachCombineToTheWholeScore()
    {
        var alpha = SyntheticDataset.Create(_h.Directory, codename: "alpha", benchmark: 50);
        var beta = SyntheticDataset.Create(_h.Directory, codename: "beta", classes: 4, test: 40, benchmark: 20);
        var request = _h.Request(_h.Zip(PackageSources.Predicting(PerfectRule)), SandboxHarness.TorchLimits, beta, alpha);
        var scorer = _h.Scorer;

        Assert.Equal(2, await scorer.CountUnitsAsync(request, CancellationToken.None));
        var first = await scorer.ScoreShardAsync(request, 0, 1, CancellationToken.None);
        var second = await scorer.ScoreShardAsync(request, 1, 1, CancellationToken.None);
        Assert.Contains("\"Codename\":\"alpha\"", first); // shards follow the data sets' names, not upload order
        var result = await scorer.CombineAsync(request, [first, second], CancellationToken.None);
        Assert.Equal(13.75, result.Public["score"], 9);
        // The correctness bits travel in the shard JSON to the combine step, which hands them to the bootstrap.
        Assert.Equal([20, 40], result.PublicDatasets!.Datasets.Select(d => d.Count));
        Assert.Equal(Bits(Enumerable.Repeat(true, 20)), result.PublicDatasets.Datasets[0].Correct);
        Assert.Equal(Bits(Enumerable.Range(0, 40).Select(i => i % 4 < 2)), result.PublicDatasets.Datasets[1].Correct);
        Assert.Equal(["alpha", "beta"], JsonDocument.Parse(result.DetailsJson!).RootElement.GetProperty("datasets")
            .EnumerateArray().Select(d => d.GetProperty("codename").GetString()));
    }

    [Fact]
    public async Task WithoutAMaskTheOrganizersSeededSplitSeparatesPublicAndPrivateNumbers()
    {
        // Right on even test items only: each board's accuracy is the share of even items among its items.
        var zip = _h.Zip(PackageSources.Predicting($"np.where(np.arange(len(test_x)) % 2 == 0, {PerfectRule}, 1 - {PerfectRule})"));
        var settings = SandboxHarness.TorchLimits.Replace("}", """, "privateTestFraction": 0.5, "privateSplitSeed": "s1"}""");
        var result = await _h.Scorer.ScoreAsync(_h.Request(zip, settings, SyntheticDataset.Create(_h.Directory, codename: "alpha", test: 40)), CancellationToken.None);

        var mask = Boards.SplitMask("s1", "alpha", 40, 0.5);
        double Expected(long part) => 100.0 * Enumerable.Range(0, 40).Count(i => mask[i] == part && i % 2 == 0) / mask.Count(m => m == part);
        Assert.Equal(Expected(0), result.Public["alpha_accuracy"], 9);
        Assert.Equal(Expected(1), result.Private["alpha_accuracy"], 9);
        Assert.NotEqual(Expected(0), Expected(1)); // the seed was chosen so that the boards differ
    }

    [Fact]
    public async Task APrivateMaskSplitsPublicAndPrivateNumbers()
    {
        // Mask: items 0..9 public, 10..19 private. The package is right on the public half only.
        var masked = SyntheticDataset.Create(_h.Directory, codename: "alpha", benchmark: 50,
            tamper: (_, f) => f["test_private_mask.npy"] = Npy.Int64(Enumerable.Range(0, 20).Select(i => i < 10 ? 0L : 1L).ToArray()));
        var zip = _h.Zip(PackageSources.Predicting($"np.where(np.arange(len(test_x)) < 10, {PerfectRule}, 1 - {PerfectRule})"));
        var result = await _h.Scorer.ScoreAsync(_h.Request(zip, SandboxHarness.TorchLimits, masked), CancellationToken.None);
        Assert.Equal(100, result.Public["alpha_accuracy"]);
        Assert.Equal(0, result.Private["alpha_accuracy"]);
        Assert.Equal(-10, result.Private["score"]);
        Assert.Equal(10, result.PublicDatasets!.Datasets[0].Count);
        Assert.Equal(10, result.PrivateDatasets!.Datasets[0].Count);
        Assert.Equal(new byte[] { 0, 0 }, result.PrivateDatasets.Datasets[0].Correct); // wrong on every private item
        Assert.DoesNotContain("\"accuracy\":0", result.DetailsJson); // details hold public numbers only
    }

    [Fact]
    public async Task DataLoaderWorkerProcessesAndSharedMemoryWorkInsideTheSandbox()
    {
        // Participants' loaders often use worker processes, which pass tensors through /dev/shm.
        var files = PackageSources.Predicting("None");
        files["trainer.py"] = """
            import numpy as np
            import torch
            from torch.utils.data import DataLoader, TensorDataset

            class Trainer:
                def __init__(self, model, device, train_loader, valid_loader, metadata):
                    pass

                def train(self):
                    pass

                def predict(self, test_x):
                    rule = torch.from_numpy((test_x.mean(axis=(1, 2, 3)) > 0.75).astype(np.int64))
                    loader = DataLoader(TensorDataset(rule), batch_size=4, num_workers=2, shuffle=False)
                    return torch.cat([batch[0] for batch in loader])
            """;
        var result = await _h.Scorer.ScoreAsync(_h.Request(_h.Zip(files), SandboxHarness.TorchLimits), CancellationToken.None);
        Assert.Equal(100, result.Public["tiny_accuracy"]);
    }

    [Fact]
    public async Task HideLogsKeepsTheLogOutOfTheRejectionMessage()
    {
        var files = PackageSources.WithProcessBody("print('SECRET-LOG-LINE'); raise ValueError('bad')");
        var settings = SandboxHarness.SmallLimits.TrimEnd().TrimEnd('}') + ", \"hideLogs\": true}";
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _h.Scorer.ScoreAsync(_h.Request(_h.Zip(files), settings), CancellationToken.None));
        Assert.Contains("Exception in phase 'process': ValueError: bad", e.Message);
        Assert.DoesNotContain("SECRET-LOG-LINE", e.Message);
    }

    [Fact]
    public async Task TwoDataSetsWithTheSameCodenameAreTheOrganizersFault()
    {
        var a = SyntheticDataset.Create(TestPaths.NewTempDirectory("dup"), codename: "same");
        var b = SyntheticDataset.Create(_h.Directory, codename: "same", classes: 3);
        var e = await Assert.ThrowsAsync<ScoringConfigurationException>(
            () => _h.Scorer.ScoreAsync(_h.Request(_h.Zip(PackageSources.Predicting(PerfectRule)), SandboxHarness.TorchLimits, a, b), CancellationToken.None));
        Assert.Contains("share the codename 'same'", e.Message);
    }

    [Fact]
    public async Task ValidateAssetRejectsAnUnknownKindAndChecksDataSets()
    {
        var scorer = _h.Scorer;
        var settings = JsonDocument.Parse("{}").RootElement;
        await Assert.ThrowsAsync<AssetRejectedException>(() => scorer.ValidateAssetAsync("query-set", "x.zip", settings, CancellationToken.None));
        await scorer.ValidateAssetAsync("dataset", SyntheticDataset.Create(_h.Directory), settings, CancellationToken.None);
        Assert.Equal(TrackKind.UnseenData, scorer.Kind);
        Assert.Equal(["dataset"], scorer.AssetKinds);
    }
}
