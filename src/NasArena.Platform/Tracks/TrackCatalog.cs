using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Tracks;

/// <summary>One track kind as the platform knows it: the queue its work goes to, the metrics its scorer reports (name →
/// higher is better) and the module of the library that scores it, named so that a host loads it only if it ships it.
/// <paramref name="HiddenAssetKinds"/> are the kinds of hidden asset its scorer takes (the same as the scorer's AssetKinds,
/// known here too because the web process does not load every scorer); <paramref name="RequiredAssets"/> says which of
/// them a phase needs before the competition is published, given the track's settings.</summary>
public sealed record TrackKindEntry(TrackKind Kind, string Queue, IReadOnlyDictionary<string, bool> Metrics, string Module,
    IReadOnlyList<string> HiddenAssetKinds, Func<JsonElement, IReadOnlyList<string>> RequiredAssets)
{
    /// <summary>The assembly that holds the kind's scorer (the web image ships only the prediction one).</summary>
    public string Assembly => Module[(Module.IndexOf(',') + 1)..].Trim();
}

/// <summary>
/// The one place a track kind is wired: web, worker and the embedded all-in-one register their scorers from here (ADR
/// 0013). A new kind is an enum value in the contract, a project with its <see cref="ITrackModule"/>, and an entry here.
/// </summary>
public static class TrackCatalog
{
    private static readonly string[] Correlations = [MetricCatalog.KendallTau, MetricCatalog.SpearmanRho, MetricCatalog.PearsonR];

    public static readonly IReadOnlyList<TrackKindEntry> All =
    [
        // Prediction files need no accelerator.
        new(TrackKind.Predictor, Queues.Cpu, MetricCatalog.All.ToDictionary(m => m.Name, m => m.HigherIsBetter),
            "NasArena.Prediction.PredictionTrack, NasArena.Prediction", ["query-set"], _ => ["query-set"]),
        // Supernet evaluation and participants' NAS code want accelerators.
        new(TrackKind.Supernet, Queues.Gpu, Correlations.ToDictionary(m => m, _ => true),
            "NasArena.Supernet.SupernetTrack, NasArena.Supernet", ["benchmark", "eval-data", "calibration-data"], SupernetAssets),
        // The unseen-data score: the sum over data sets of 10 * (acc - benchmark) / (100 - benchmark).
        new(TrackKind.UnseenData, Queues.Gpu, new Dictionary<string, bool> { ["score"] = true },
            "NasArena.UnseenData.UnseenDataTrack, NasArena.UnseenData", ["dataset"], _ => ["dataset"]),
    ];

    /// <summary>A score file needs only the benchmark; a checkpoint is evaluated on eval-data, and BN is recalibrated on
    /// calibration-data when bnCalibrationBatches is above 0 (SupernetSettings).</summary>
    private static IReadOnlyList<string> SupernetAssets(JsonElement settings)
    {
        string? Str(string name) => settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Str("mode") == "score-file")
        {
            return ["benchmark"];
        }
        var calibrates = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("bnCalibrationBatches", out var b) && b.TryGetInt64(out var n) && n > 0;
        return calibrates ? ["benchmark", "eval-data", "calibration-data"] : ["benchmark", "eval-data"];
    }

    public static TrackKindEntry Get(TrackKind kind) =>
        All.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such track kind.");

    /// <summary>
    /// Registers the scorers of <paramref name="kinds"/>. A kind whose library this process does not ship stops the start
    /// naming it, rather than failing at the first submission.
    /// </summary>
    public static IServiceCollection AddTrackKinds(this IServiceCollection services, IEnumerable<TrackKind> kinds)
    {
        foreach (var kind in kinds.Distinct())
        {
            var module = Load(kind);
            services.AddSingleton<IScorer>(sp => module.CreateScorer(new ScorerEnvironment(
                sp.GetRequiredService<StorageOptions>().ScratchDir, sp.GetRequiredService<ProcessScratch>().Dir,
                sp.GetService<SandboxCeilings>())));
        }
        return services;
    }

    /// <summary>Whether this process ships the library that scores <paramref name="kind"/>.</summary>
    public static bool IsShipped(TrackKind kind) => TryLoad(kind, out _);

    public static ITrackModule Load(TrackKind kind) => TryLoad(kind, out var module) ? module
        : throw new ScoringConfigurationException($"Track kind {kind} is scored by the {Get(kind).Assembly} library, which this " +
            "process does not ship: the web image serves mode 'web' only (scoring runs on workers); the all-in-one mode runs " +
            "from src/NasArena.AllInOne (bash scripts/run.sh).");

    private static bool TryLoad(TrackKind kind, out ITrackModule module)
    {
        var entry = Get(kind);
        Type? type;
        try
        {
            type = Type.GetType(entry.Module, throwOnError: false);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            type = null;
        }
        module = type is null ? null! : (ITrackModule)Activator.CreateInstance(type)!;
        return type is not null;
    }
}
