using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Predictor;

/// <summary>
/// Scores the performance-prediction track: a participant predicts the accuracy of every architecture of the
/// hidden query set; the metrics of <see cref="MetricCatalog"/> compare predictions and true accuracies, on the
/// public and the private split separately. Nothing derived from true accuracies goes beyond the two metric sets.
/// A metric is NaN where scipy gives NaN: constant predictions make kendall_tau, spearman_rho and pearson_r NaN
/// (RMSE and MAE stay defined, and may be the track's primary metric). Store NaN as such and rank it last;
/// System.Text.Json writes it only with JsonNumberHandling.AllowNamedFloatingPointLiterals.
/// </summary>
public sealed class PredictorScorer : IScorer
{
    public const string QuerySetKind = "query-set";

    public TrackKind Kind => TrackKind.Predictor;
    public string Version => "predictor-1.0.0";
    public IReadOnlyList<string> AssetKinds { get; } = [QuerySetKind];

    public Task ValidateAssetAsync(string assetKind, string path, JsonElement trackSettings, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (assetKind != QuerySetKind)
            throw new AssetRejectedException($"The predictor track takes one asset kind, \"{QuerySetKind}\"; \"{assetKind}\" is not one.");
        PredictorSettings.Parse(trackSettings);
        QuerySet.Load(path);
        return Task.CompletedTask;
    }

    /// <summary>The full parse and validation: cheap (well under a second for 100,000 architectures).</summary>
    public Task PrecheckAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        SubmissionReader.Read(request.SubmissionPath, request.SubmissionFileName, LoadQuerySet(request));
        return Task.CompletedTask;
    }

    public Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var settings = PredictorSettings.Parse(request.TrackSettings);
        var querySet = LoadQuerySet(request);
        request.Progress?.Report(new ScoringProgress(0, querySet.Count));
        var predictions = SubmissionReader.Read(request.SubmissionPath, request.SubmissionFileName, querySet);
        ct.ThrowIfCancellationRequested();

        var result = new ScoreResult(
            Score(querySet, predictions, isPrivate: false, settings.TopKPercent),
            Score(querySet, predictions, isPrivate: true, settings.TopKPercent));
        request.Progress?.Report(new ScoringProgress(querySet.Count, querySet.Count));
        return Task.FromResult(result);
    }

    static IReadOnlyDictionary<string, double> Score(QuerySet querySet, double[] predictions, bool isPrivate, double topKPercent)
    {
        var predicted = new List<double>();
        var truth = new List<double>();
        for (int i = 0; i < querySet.Count; i++)
        {
            if (querySet.IsPrivate[i] != isPrivate) continue;
            predicted.Add(predictions[i]);
            truth.Add(querySet.Accuracies[i]);
        }
        return MetricSet.ComputeAll(predicted.ToArray(), truth.ToArray(), topKPercent);
    }

    static QuerySet LoadQuerySet(ScoringRequest request)
    {
        var asset = request.Asset(QuerySetKind);
        try
        {
            return QuerySetCache.Get(asset);
        }
        catch (AssetRejectedException e)
        {
            // It passed validation on upload; failing now means the stored asset changed or broke: not the participant's fault.
            throw new ScoringConfigurationException($"The hidden query set \"{asset.Name}\" cannot be read: {e.Message}");
        }
    }
}
