using System.Text.Json;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Packages;
using NasArena.UnseenData.Sandbox;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Scorer;

/// <summary>Where the scorer keeps its files. Runs are deleted when done; the data set cache is kept (keyed by sha256).</summary>
/// <param name="RunnerOverride">Chooses the sandbox instead of the track's "runner" setting (tests, benchmarks).</param>
/// <param name="RunsDirectory">Where runs are unpacked (default {WorkDirectory}/runs): the platform gives each process its
/// own, so that the runs of a killed worker are removed with its scratch folder while the shared cache stays.</param>
/// <param name="Ceilings">The operator's ceilings, checked on the settings in effect before every run; null: none.</param>
public sealed record UnseenDataScorerOptions(string WorkDirectory, Func<UnseenDataSettings, ISandboxRunner>? RunnerOverride = null,
    string? RunsDirectory = null, SandboxCeilings? Ceilings = null)
{
    public static UnseenDataScorerOptions Default => new(Path.Combine(Path.GetTempPath(), "nasarena-unseen"));
}

/// <summary>
/// Track kind 3: runs a participant's NAS package on each hidden data set in a sandbox and scores its predictions.
/// Per data set: 10 * (acc - benchmark) / (100 - benchmark), floored at -10 (a failed data set gets -10); total = sum.
/// Public holds "score", "{codename}_accuracy", "{codename}_score" on the public part of each test set; Private the
/// same on the private part (test_private_mask.npy), or equal to Public when a data set defines no split.
/// </summary>
/// <remarks>
/// Sharded by data set (units = data sets in name order): a platform with several GPU workers can run each data set
/// as its own job. Each shard's result is the JSON of its <see cref="DatasetResult"/>s; training is not bit-for-bit
/// reproducible, so a rerun shard gives the same JSON only where the package and the hardware are deterministic.
/// </remarks>
public sealed class UnseenDataScorer(UnseenDataScorerOptions options) : IShardedScorer
{
    private static readonly JsonSerializerOptions ShardJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public const string DatasetKind = "dataset";

    public UnseenDataScorer() : this(UnseenDataScorerOptions.Default) { }

    public TrackKind Kind => TrackKind.UnseenData;

    public string Version => "unseen-data/1.0";

    public IReadOnlyList<string> AssetKinds => [DatasetKind];

    public Task ValidateAssetAsync(string assetKind, string path, JsonElement trackSettings, CancellationToken ct)
    {
        if (assetKind != DatasetKind)
            throw new AssetRejectedException($"Unseen-data tracks take assets of kind '{DatasetKind}' only, not '{assetKind}'.");
        DatasetAsset.Validate(path, Path.GetFileName(path));
        return Task.CompletedTask;
    }

    public Task PrecheckAsync(ScoringRequest request, CancellationToken ct)
    {
        var settings = UnseenDataSettings.Parse(request.TrackSettings);
        PackageInspector.Inspect(request.SubmissionPath, request.SubmissionFileName, Limits(settings));
        return Task.CompletedTask;
    }

    public async Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct)
    {
        var settings = UnseenDataSettings.Parse(request.TrackSettings);
        var (results, runner) = await RunAsync(request, ct).ConfigureAwait(false);
        if (results.All(r => !r.Ok))
            throw new SubmissionRejectedException(UnseenDataDetails.RejectionMessage(results, settings.HideLogs));
        return UnseenDataDetails.ToScoreResult(results, runner, Version, settings);
    }

    /// <summary>One unit per data set; a shared time budget makes all data sets one unit (each depends on what the ones before spent).</summary>
    public Task<int> CountUnitsAsync(ScoringRequest request, CancellationToken ct) =>
        Task.FromResult(UnseenDataSettings.Parse(request.TrackSettings).TimeBudget == TimeBudget.Shared ? 1 : Datasets(request).Count);

    public async Task<string> ScoreShardAsync(ScoringRequest request, int start, int count, CancellationToken ct)
    {
        if (UnseenDataSettings.Parse(request.TrackSettings).TimeBudget == TimeBudget.Shared)
        {
            if (start != 0 || count != 1)
                throw new ArgumentOutOfRangeException(nameof(start), $"Shard [{start}, +{count}): with a shared time budget the only unit is 0.");
            (start, count) = (0, Datasets(request).Count);
        }
        var (results, runner) = await RunAsync(request, ct, start, count).ConfigureAwait(false);
        return JsonSerializer.Serialize(new Shard(runner, results.ToList()), ShardJson);
    }

    public Task<ScoreResult> CombineAsync(ScoringRequest request, IReadOnlyList<string> shardResults, CancellationToken ct)
    {
        var settings = UnseenDataSettings.Parse(request.TrackSettings);
        var shards = shardResults.Select(j => JsonSerializer.Deserialize<Shard>(j, ShardJson)
            ?? throw new ScoringConfigurationException("A shard result of the unseen-data scorer is empty.")).ToList();
        var results = shards.SelectMany(s => s.Results).ToList();
        var duplicate = results.GroupBy(r => r.Codename).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ScoringConfigurationException($"Data sets {string.Join(", ", duplicate.Select(d => d.Name))} share the codename '{duplicate.Key}'; codenames must differ.");
        if (results.Count == 0 || results.All(r => !r.Ok))
            throw new SubmissionRejectedException(UnseenDataDetails.RejectionMessage(results, settings.HideLogs));
        return Task.FromResult(UnseenDataDetails.ToScoreResult(results, shards[0].Runner, Version, settings));
    }

    private sealed record Shard(string Runner, List<DatasetResult> Results);

    private static List<StagedAsset> Datasets(ScoringRequest request)
    {
        var assets = request.AssetsOf(DatasetKind).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        return assets.Count > 0 ? assets
            : throw new ScoringConfigurationException($"The organizer has not uploaded any '{DatasetKind}' asset for this track.");
    }

    /// <summary>
    /// Runs the package on the data sets [start, start+count) in name order (all by default) and returns each one's
    /// outcome: ScoreAsync without the verdict.
    /// </summary>
    public async Task<(IReadOnlyList<DatasetResult> Results, string Runner)> RunAsync(ScoringRequest request, CancellationToken ct, int start = 0, int? count = null)
    {
        var settings = UnseenDataSettings.Parse(request.TrackSettings);
        if (options.Ceilings is { } ceilings && settings.ProblemsUnder(ceilings).FirstOrDefault() is { } problem)
            throw new ScoringConfigurationException(problem);
        var limits = Limits(settings);
        var package = PackageInspector.Inspect(request.SubmissionPath, request.SubmissionFileName, limits);
        var all = Datasets(request);
        if (start < 0 || start > all.Count || (count ?? 0) < 0 || start + (count ?? all.Count - start) > all.Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Shard [{start}, +{count}) is outside the {all.Count} data sets.");
        var assets = all.Skip(start).Take(count ?? all.Count - start).ToList();

        var stager = new DatasetStager(Path.Combine(options.WorkDirectory, "datasets"));
        var datasets = assets.Select(stager.Stage).ToList();
        var duplicate = datasets.GroupBy(d => d.Metadata.Codename).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ScoringConfigurationException($"Data sets {string.Join(", ", duplicate.Select(d => d.Name))} share the codename '{duplicate.Key}'; codenames must differ.");

        var runner = options.RunnerOverride?.Invoke(settings) ?? CreateRunner(settings);
        var runDir = Path.Combine(options.RunsDirectory ?? Path.Combine(options.WorkDirectory, "runs"), Guid.NewGuid().ToString("N"));
        try
        {
            var submissionDir = Path.Combine(runDir, "submission");
            SafeExtractor.Extract(request.SubmissionPath, request.SubmissionFileName, package.RootPrefix, submissionDir, limits.MaxUncompressedBytes);
            var harnessDir = HarnessFiles.Materialize(options.WorkDirectory);
            var results = new List<DatasetResult>();
            var budget = new BudgetClock(settings);
            foreach (var dataset in datasets)
            {
                ct.ThrowIfCancellationRequested();
                if (budget.Spent)
                    results.Add(RunEvaluator.BudgetSpent(dataset, settings.TimeLimitSeconds, settings));
                else
                {
                    var runLimits = SandboxLimitsOf(settings) with { TimeLimitSeconds = budget.Remaining };
                    var job = new SandboxJob(harnessDir, submissionDir, dataset.PublicDirectory,
                        Path.Combine(runDir, "out-" + dataset.Metadata.Codename), runLimits,
                        new HarnessContext(start + results.Count, all.Count, budget.Seconds, budget.Used));
                    HiddenFiles.CheckNotMounted(dataset, job);
                    var outcome = await runner.RunAsync(job, ct).ConfigureAwait(false);
                    budget.Spend(outcome.Elapsed.TotalSeconds);
                    results.Add(RunEvaluator.Evaluate(dataset, job, outcome, settings));
                }
                request.Progress?.Report(new ScoringProgress(results.Count, datasets.Count));
            }
            return (results, runner.Name);
        }
        finally
        {
            try { Directory.Delete(runDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static SandboxLimits SandboxLimitsOf(UnseenDataSettings s) =>
        new(s.TimeLimitSeconds, s.PredictionGraceSeconds, s.MemoryLimitBytes, s.MaxProcesses, s.OutputLimitBytes,
            s.MaxLogBytes, s.LogTailBytes, s.CpuThreads, s.CpuCores);

    /// <summary>The time budget across the data sets of one run: fresh for each with "perDataset", spent down with "shared".</summary>
    private sealed class BudgetClock(UnseenDataSettings s)
    {
        public double Seconds => s.TimeLimitSeconds;

        public double Used { get; private set; }

        public double Remaining => s.TimeBudget == TimeBudget.Shared ? Seconds - Used : Seconds;

        public bool Spent => Remaining <= 0;

        public void Spend(double seconds)
        {
            if (s.TimeBudget == TimeBudget.Shared) Used += seconds;
        }
    }

    private static PackageLimits Limits(UnseenDataSettings s) =>
        new(s.MaxPackageBytes, s.MaxUncompressedBytes, s.MaxCompressionRatio, s.MaxPackageEntries);

    private static ISandboxRunner CreateRunner(UnseenDataSettings s) => s.Runner switch
    {
        "docker" => new DockerRunner(s.DockerImage, s.DockerGpus),
        _ => new BubblewrapRunner(s.PythonPath),
    };
}
