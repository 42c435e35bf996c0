using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Data;
using NasArena.Supernet.Evaluation;
using TorchSharp;

namespace NasArena.Supernet.Scorer;

/// <summary>
/// The supernet track (weight-sharing consistency): evaluates each benchmark architecture's subnet of the uploaded
/// supernet (or reads the participant's scores in score-file mode) and correlates the scores with stand-alone
/// accuracies, separately on the public and private splits. Units are benchmark architectures, in file order.
/// </summary>
public sealed class SupernetScorer : IShardedScorer
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TrackKind Kind => TrackKind.Supernet;
    public string Version => "supernet-1";
    public IReadOnlyList<string> AssetKinds { get; } = ["benchmark", "eval-data", "calibration-data"];

    public Task ValidateAssetAsync(string assetKind, string path, JsonElement trackSettings, CancellationToken ct) => Task.Run(() =>
    {
        var settings = SupernetSettings.Parse(trackSettings);
        switch (assetKind)
        {
            case "benchmark": BenchmarkSet.Load(path, settings.Space); break;
            case "eval-data": LabelledData.Load(path, assetKind, settings.Space); break;
            case "calibration-data":
                var data = LabelledData.Load(path, assetKind, settings.Space);
                if (data.Count < (long)settings.BnCalibrationBatches * settings.BatchSize)
                    throw new AssetRejectedException(
                        $"Asset 'calibration-data': {data.Count} samples, but the track calibrates on {settings.BnCalibrationBatches} batches of {settings.BatchSize}.");
                break;
            default: throw new AssetRejectedException($"The supernet track has no asset kind '{assetKind}'; kinds: {string.Join(", ", AssetKinds)}.");
        }
    }, ct);

    public Task PrecheckAsync(ScoringRequest request, CancellationToken ct) => Task.Run(() =>
    {
        var settings = SupernetSettings.Parse(request.TrackSettings);
        if (settings.ScoreFileMode) ScoreFile.Read(request.SubmissionPath, settings.MaxBytes, settings.Space, LoadBenchmark(request, settings));
        else Rejecting(() => CheckpointLoader.Check(request.SubmissionPath, settings.Space, settings.MaxBytes));
    }, ct);

    public Task<int> CountUnitsAsync(ScoringRequest request, CancellationToken ct) => Task.Run(() =>
        LoadBenchmark(request, SupernetSettings.Parse(request.TrackSettings)).Entries.Count, ct);

    public Task<string> ScoreShardAsync(ScoringRequest request, int start, int count, CancellationToken ct) => Task.Run(() =>
    {
        var settings = SupernetSettings.Parse(request.TrackSettings);
        var benchmark = LoadBenchmark(request, settings);
        if (start < 0 || count < 0 || start + count > benchmark.Entries.Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Shard [{start}, {start + count}) is outside the {benchmark.Entries.Count} architectures.");
        var entries = benchmark.Entries.Skip(start).Take(count).ToList();
        var shard = settings.ScoreFileMode
            ? new ShardResult(start, count, ScoreFile.Read(request.SubmissionPath, settings.MaxBytes, settings.Space, benchmark)
                .Skip(start).Take(count).Select((s, i) => new ArchitectureResult(entries[i].Id, s, null, null)).ToList())
            : new ShardResult(start, count, EvaluateMetered(request, settings, entries, ct), EvaluatorInfo.Current(settings.Threads));
        return JsonSerializer.Serialize(shard, Json);
    }, ct);

    /// <summary>The evaluation's wall time counts as GPU seconds when it ran on a CUDA device (ADR 0045): TorchSharp gives
    /// no per-kernel GPU time, and the device is the job's for the whole evaluation.</summary>
    private static List<ArchitectureResult> EvaluateMetered(ScoringRequest request, SupernetSettings settings, List<BenchmarkEntry> entries, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return Evaluate(request, settings, entries, ct);
        }
        finally
        {
            if (TorchRuntime.Device.type == TorchSharp.DeviceType.CUDA)
            {
                ComputeReport.Gpu(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    public Task<ScoreResult> CombineAsync(ScoringRequest request, IReadOnlyList<string> shardResults, CancellationToken ct) => Task.Run(() =>
    {
        var settings = SupernetSettings.Parse(request.TrackSettings);
        var benchmark = LoadBenchmark(request, settings);
        var results = new List<ArchitectureResult>();
        var evaluators = new List<EvaluatorInfo>();
        foreach (var json in shardResults)
        {
            var shard = JsonSerializer.Deserialize<ShardResult>(json, Json) ?? throw new InvalidOperationException("Empty shard result.");
            if (shard.Start != results.Count || shard.Results.Count != shard.Count)
                throw new InvalidOperationException($"Shard results are not contiguous: a shard starts at {shard.Start}, expected {results.Count}.");
            results.AddRange(shard.Results);
            if (shard.Evaluator is not null && !evaluators.Contains(shard.Evaluator)) evaluators.Add(shard.Evaluator);
        }
        if (results.Count != benchmark.Entries.Count || results.Where((r, i) => r.Id != benchmark.Entries[i].Id).Any())
            throw new InvalidOperationException($"Shard results cover {results.Count} architectures; the benchmark holds {benchmark.Entries.Count} (or ids differ).");

        // Each split's (score, accuracy) pairs in benchmark order, the same for every submission: the bootstrap's items.
        ScoredItems Items(bool isPublic)
        {
            var pairs = benchmark.Entries.Select((e, i) => (e, r: results[i])).Where(p => p.e.IsPublic == isPublic).ToList();
            return new ScoredItems(pairs.Select(p => p.r.Score).ToArray(), pairs.Select(p => p.e.Accuracy).ToArray());
        }
        Dictionary<string, double> Metrics(ScoredItems items)
        {
            var (scores, truth) = (items.Predicted, items.Truth);
            // The one implementation of each correlation, shared with the predictor track (tested against scipy).
            // A constant score list (e.g. every subnet at chance level) has no defined correlation: NaN, as in scipy;
            // the platform stores it as null and ranks it last.
            return new()
            {
                [MetricCatalog.KendallTau] = MetricSet.Compute(MetricCatalog.KendallTau, scores, truth),
                [MetricCatalog.SpearmanRho] = MetricSet.Compute(MetricCatalog.SpearmanRho, scores, truth),
                [MetricCatalog.PearsonR] = MetricSet.Compute(MetricCatalog.PearsonR, scores, truth),
            };
        }
        // Details: the participant's own numbers only (no stand-alone accuracies, no split membership).
        var details = JsonSerializer.Serialize(new
        {
            mode = settings.Mode,
            scoreBy = settings.ScoreBy,
            evaluatedBy = evaluators,
            architectures = results.Select(r => new { id = r.Id, score = r.Score, supernetAccuracy = r.Accuracy, supernetLoss = r.Loss }),
        }, Json);
        var (publicItems, privateItems) = (Items(true), Items(false));
        return new ScoreResult(Metrics(publicItems), Metrics(privateItems), details, publicItems, privateItems);
    }, ct);

    public async Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct)
    {
        int n = await CountUnitsAsync(request, ct);
        var shard = await ScoreShardAsync(request, 0, n, ct);
        return await CombineAsync(request, [shard], ct);
    }

    static List<ArchitectureResult> Evaluate(ScoringRequest request, SupernetSettings settings, IReadOnlyList<BenchmarkEntry> entries, CancellationToken ct)
    {
        TorchRuntime.Configure(settings.Threads);
        var device = TorchRuntime.Device;
        var eval = LabelledData.Load(request.Asset("eval-data").Path, "eval-data", settings.Space);
        var calibration = settings.BnCalibrationBatches > 0
            ? LabelledData.Load(request.Asset("calibration-data").Path, "calibration-data", settings.Space) : null;
        if (calibration is not null && calibration.Count < (long)settings.BnCalibrationBatches * settings.BatchSize)
            throw new ScoringConfigurationException(
                $"The calibration data holds {calibration.Count} samples; {settings.BnCalibrationBatches} batches of {settings.BatchSize} are configured.");

        using var weights = Rejecting(() => CheckpointLoader.Load(request.SubmissionPath, settings.Space, settings.MaxBytes));
        weights.MoveTo(device);
        using var evaluator = new SubnetEvaluator(settings.Space, weights, eval, calibration, settings.BnCalibrationBatches, settings.BatchSize, device);
        var results = new List<ArchitectureResult>(entries.Count);
        request.Progress?.Report(new ScoringProgress(0, entries.Count));
        foreach (var e in entries)
        {
            ct.ThrowIfCancellationRequested();
            var r = evaluator.Evaluate(e.Architecture);
            // A NaN or infinite logit makes accuracy and loss meaningless, and Kendall's tau cannot rank a subnet without a
            // score: the supernet is at fault (its weights overflow float32 for this subnet), named so it can be fixed.
            if (r.NonFiniteSamples > 0)
                throw new SubmissionRejectedException(
                    $"Architecture '{e.Id}' ({e.Architecture.Text}): the subnet's logits are not finite (NaN or infinity) on " +
                    $"{r.NonFiniteSamples} of {eval.Count} evaluation samples, so it cannot be scored. The supernet's weights " +
                    "overflow float32 for this subnet; check its training (learning rate, BN statistics) or its export.");
            results.Add(new ArchitectureResult(e.Id, settings.ScoreBy == "loss" ? -r.Loss : r.Accuracy, r.Accuracy, r.Loss));
            request.Progress?.Report(new ScoringProgress(results.Count, entries.Count));
        }
        return results;
    }

    static BenchmarkSet LoadBenchmark(ScoringRequest request, SupernetSettings settings)
    {
        try { return BenchmarkSet.Load(request.Asset("benchmark").Path, settings.Space); }
        catch (AssetRejectedException e) { throw new ScoringConfigurationException($"The benchmark asset is invalid: {e.Message}"); }
    }

    static T Rejecting<T>(Func<T> load)
    {
        try { return load(); }
        catch (CheckpointException e) { throw new SubmissionRejectedException(e.Message); }
    }

    static void Rejecting(Action check) => Rejecting(() => { check(); return 0; });
}
