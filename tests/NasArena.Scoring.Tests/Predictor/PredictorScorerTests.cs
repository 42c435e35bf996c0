using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;
using NasArena.Prediction;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Predictor;

[Trait("Category", "Unit")]
public sealed class PredictorScorerTests : IDisposable
{
    readonly TempFiles _files = new();
    readonly PredictorScorer _scorer = new();
    public void Dispose() => _files.Dispose();

    static JsonElement Settings(string json) => JsonDocument.Parse(json).RootElement;

    ScoringRequest Request(string submissionName, string submission, string querySet, string settings = "{}")
    {
        var queryPath = _files.Write("query-set.json", querySet);
        return new ScoringRequest(
            _files.Write(submissionName, submission), submissionName,
            [new StagedAsset(PredictorScorer.QuerySetKind, "query-set.json", queryPath, TempFiles.Sha256(queryPath))],
            Settings(settings));
    }

    [Fact]
    public async Task PublicAndPrivateSplitsMatchScipyOnRealTrack1Data()
    {
        var relative = "cvpr21-track1/gt_first_1000.json";
        var acc = Cvpr21Data.Accuracies(relative);
        var predicted = Cvpr21Data.Perturb(acc, noise: 0.01);
        var rows = predicted.Select((p, i) => ($"arch{i + 1}", p));
        var request = Request("pred.csv", QuerySets.CsvFor(rows), QuerySets.FromCvpr21(relative), """{"topKPercent": 5}""");

        await _scorer.PrecheckAsync(request, CancellationToken.None);
        var result = await _scorer.ScoreAsync(request, CancellationToken.None);

        Assert.Null(result.DetailsJson);
        var publicIdx = Enumerable.Range(0, acc.Length).Where(i => i % 4 != 3).ToArray();
        var privateIdx = Enumerable.Range(0, acc.Length).Where(i => i % 4 == 3).ToArray();
        var expected = ScipyReference.Compute(
            [(publicIdx.Select(i => predicted[i]).ToArray(), publicIdx.Select(i => acc[i]).ToArray()),
             (privateIdx.Select(i => predicted[i]).ToArray(), privateIdx.Select(i => acc[i]).ToArray())],
            topKPercent: 5);
        foreach (var (metrics, reference, split) in new[] { (result.Public, expected[0], "public"), (result.Private, expected[1], "private") })
        {
            Assert.Equal(MetricCatalog.All.Select(m => m.Name).Order(), metrics.Keys.Order());
            Approx.Equal(reference.Kendall, metrics[MetricCatalog.KendallTau], 1e-12, $"{split} kendall");
            Approx.Equal(reference.Spearman, metrics[MetricCatalog.SpearmanRho], 1e-12, $"{split} spearman");
            Approx.Equal(reference.Pearson, metrics[MetricCatalog.PearsonR], 1e-12, $"{split} pearson");
            Approx.Equal(reference.Rmse, metrics[MetricCatalog.Rmse], 1e-12, $"{split} rmse");
            Approx.Equal(reference.Mae, metrics[MetricCatalog.Mae], 1e-12, $"{split} mae");
            Approx.Equal(reference.TopK, metrics[MetricCatalog.TopKPrecision], 0, $"{split} top-k");
        }
        Assert.True(result.Public[MetricCatalog.KendallTau] > 0.5, "a close perturbation should rank well");
    }

    [Fact]
    public async Task AJsonSubmissionScoresLikeTheSameCsv()
    {
        var querySet = QuerySets.FromCvpr21("cvpr21-track2/Track2_stage1_trainning.json");
        var rows = Cvpr21Data.Perturb(Cvpr21Data.Accuracies("cvpr21-track2/Track2_stage1_trainning.json"))
            .Select((p, i) => ($"arch{i + 1}", p)).ToList();
        var fromCsv = await _scorer.ScoreAsync(Request("p.csv", QuerySets.CsvFor(rows), querySet), CancellationToken.None);
        var fromJson = await _scorer.ScoreAsync(Request("p.json", QuerySets.JsonFor(rows), querySet), CancellationToken.None);
        Assert.Equal(fromCsv.Public, fromJson.Public);
        Assert.Equal(fromCsv.Private, fromJson.Private);
    }

    [Fact]
    public async Task PrecheckRejectsABadSubmission()
    {
        var request = Request("p.csv", "arch_id,prediction\na0,0.5\n", QuerySets.Small());
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _scorer.PrecheckAsync(request, CancellationToken.None));
        Assert.Contains("missing ids", e.Message);
    }

    [Theory]
    // One wording for every kind's settings (the kind's schema, ADR 0013): the key, the value, what was expected.
    [InlineData("""{"topKPercent": 0}""", "Track setting 'topKPercent' is 0; expected a number above 0 and at most 100.")]
    [InlineData("""{"topKPercent": "10"}""", "Track setting 'topKPercent' is \"10\"; expected a number above 0 and at most 100.")]
    [InlineData("""{"topKPercent": 101}""", "Track setting 'topKPercent' is 101; expected a number above 0 and at most 100.")]
    [InlineData("[]", "The predictor track's settings must be a JSON object; found Array.")]
    public async Task BadSettingsAreAConfigurationFault(string settings, string expected)
    {
        var request = Request("p.json", QuerySets.JsonFor(Enumerable.Range(0, 8).Select(i => ($"a{i}", 0.1 * i))), QuerySets.Small(), settings);
        var e = await Assert.ThrowsAsync<ScoringConfigurationException>(() => _scorer.ScoreAsync(request, CancellationToken.None));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task AMissingQuerySetIsAConfigurationFault()
    {
        var request = new ScoringRequest(_files.Write("p.csv", "arch_id,prediction\n"), "p.csv", [], Settings("{}"));
        var e = await Assert.ThrowsAsync<ScoringConfigurationException>(() => _scorer.ScoreAsync(request, CancellationToken.None));
        Assert.Contains("query-set", e.Message);
    }

    [Fact]
    public async Task ABrokenQuerySetIsReportedBeforeABadSubmission()
    {
        var request = Request("p.csv", "not a header\n", """{"a": {"acc": 0.5, "split": "public"}}""");
        var e = await Assert.ThrowsAsync<ScoringConfigurationException>(() => _scorer.ScoreAsync(request, CancellationToken.None));
        Assert.Contains("The hidden query set \"query-set.json\" cannot be read", e.Message);
    }

    [Fact]
    public async Task AssetValidationChecksTheKindAndTheContent()
    {
        var good = _files.Write("good.json", QuerySets.Small());
        await _scorer.ValidateAssetAsync("query-set", good, Settings("{}"), CancellationToken.None);
        var wrongKind = await Assert.ThrowsAsync<AssetRejectedException>(() => _scorer.ValidateAssetAsync("dataset", good, Settings("{}"), CancellationToken.None));
        Assert.Contains("\"dataset\" is not one", wrongKind.Message);
        var bad = _files.Write("bad.json", """{"a": {"acc": 0.5, "split": "public"}}""");
        var empty = await Assert.ThrowsAsync<AssetRejectedException>(() => _scorer.ValidateAssetAsync("query-set", bad, Settings("{}"), CancellationToken.None));
        Assert.Contains("\"private\" split", empty.Message);
    }

    [Fact]
    public void TheScorerDescribesItself()
    {
        Assert.Equal(TrackKind.Predictor, _scorer.Kind);
        Assert.Equal(["query-set"], _scorer.AssetKinds);
        Assert.StartsWith("predictor-", _scorer.Version);
    }
}
