using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.Prediction;

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
    public async Task PrecheckAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await ReadAsync(request, ct);
    }

    public async Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var settings = PredictorSettings.Parse(request.TrackSettings);
        var (querySet, predictions) = await ReadAsync(request, ct);
        ct.ThrowIfCancellationRequested();

        var publicItems = Items(querySet, predictions, isPrivate: false, settings.TopKPercent);
        var privateItems = Items(querySet, predictions, isPrivate: true, settings.TopKPercent);
        var result = new ScoreResult(Score(publicItems), Score(privateItems), PublicItems: publicItems, PrivateItems: privateItems);
        request.Progress?.Report(new ScoringProgress(querySet.Count, querySet.Count));
        return result;
    }

    /// <summary>
    /// Loads the query set (on another thread, unless cached) while the submission is read on this one; the two
    /// are about equal work for a new track. A broken query set is reported before a bad submission: it is not the
    /// participant's fault.
    /// </summary>
    static async Task<(QuerySet QuerySet, double[] Predictions)> ReadAsync(ScoringRequest request, CancellationToken ct)
    {
        var asset = request.Asset(QuerySetKind);
        var querySetTask = Task.Run(() => LoadQuerySet(asset), ct);
        ParsedSubmission submission;
        try
        {
            submission = SubmissionReader.Parse(request.SubmissionPath, request.SubmissionFileName);
        }
        catch (SubmissionRejectedException)
        {
            await querySetTask;
            throw;
        }
        var querySet = await querySetTask;
        return (querySet, submission.MatchTo(querySet));
    }

    static IReadOnlyDictionary<string, double> Score(ScoredItems items) =>
        MetricSet.ComputeAll(items.Predicted, items.Truth, items.TopKPercent);

    /// <summary>One split's (prediction, truth) pairs in query-set order: the same order for every submission (a paired bootstrap).</summary>
    static ScoredItems Items(QuerySet querySet, double[] predictions, bool isPrivate, double topKPercent)
    {
        var predicted = new List<double>();
        var truth = new List<double>();
        for (int i = 0; i < querySet.Count; i++)
        {
            if (querySet.IsPrivate[i] != isPrivate) continue;
            predicted.Add(predictions[i]);
            truth.Add(querySet.Accuracies[i]);
        }
        return new ScoredItems(predicted.ToArray(), truth.ToArray(), topKPercent);
    }

    static QuerySet LoadQuerySet(StagedAsset asset)
    {
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
