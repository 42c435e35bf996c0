using System.Text.Json;
using NasArena.MultiObjective.Kind;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>
/// Scores a submitted front (ADR 0048). Every objective is the platform's: error = 1 - the benchmark table's accuracy,
/// cost = parameters or FLOPs counted from the space's definition, or the latency table's ms. Both objectives are scaled
/// to [0, 1] by their minimum and maximum over the table; the hypervolume (reference point from the settings) is divided
/// by the table's true front's, IGD is measured to that front in the scaled objectives, and accuracyUnderBudget is the
/// best accuracy among the front's architectures whose cost is within the budget (0 when none is). Both boards get the
/// same figures: there is one table. No bootstrap interval: a front is one object, its points are not a sample.
/// </summary>
public sealed class MultiObjectiveScorer : IScorer
{
    public TrackKind Kind => MultiObjectiveKind.Descriptor.Kind;
    public string Version => "multi-objective-1.0.0";
    public IReadOnlyList<string> AssetKinds { get; } = [MultiObjectiveKind.BenchmarkTable, MultiObjectiveKind.LatencyTable];

    public Task ValidateAssetAsync(string assetKind, string path, JsonElement trackSettings, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var settings = FrontSettings.Parse(trackSettings);
        if (assetKind == MultiObjectiveKind.BenchmarkTable) BenchmarkTable.Load(path, settings.Space);
        else if (assetKind == MultiObjectiveKind.LatencyTable) LatencyTable.Load(path);
        else throw new AssetRejectedException($"This track takes the assets \"{MultiObjectiveKind.BenchmarkTable}\" and \"{MultiObjectiveKind.LatencyTable}\"; \"{assetKind}\" is neither.");
        return Task.CompletedTask;
    }

    public Task PrecheckAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var settings = FrontSettings.Parse(request.TrackSettings);
        Match(request, settings, LoadTable(request, settings));
        return Task.CompletedTask;
    }

    public Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var settings = FrontSettings.Parse(request.TrackSettings);
        var table = LoadTable(request, settings);
        var indices = Match(request, settings, table);
        (LatencyTable Table, StagedAsset Asset)? latency = settings.Cost == "latency" ? LoadLatency(request, table) : null;
        var scored = FrontScore.Compute(table, indices, settings, latency?.Table);
        var metrics = new Dictionary<string, double>
        {
            [MultiObjectiveKind.Hypervolume] = scored.HypervolumeRatio,
            [MultiObjectiveKind.Igd] = scored.Igd,
            [MultiObjectiveKind.AccuracyUnderBudget] = scored.AccuracyUnderBudget,
        };
        request.Progress?.Report(new ScoringProgress(indices.Count, indices.Count));
        var details = scored.DetailsJson(table, settings, latency is { } l ? (l.Table.Device, l.Asset.Version) : null);
        return Task.FromResult(new ScoreResult(metrics, new Dictionary<string, double>(metrics), details));
    }

    static BenchmarkTable LoadTable(ScoringRequest request, FrontSettings settings)
    {
        var asset = request.Asset(MultiObjectiveKind.BenchmarkTable);
        try
        {
            return BenchmarkTable.Load(asset.Path, settings.Space);
        }
        catch (AssetRejectedException e)
        {
            // It passed validation on upload (perhaps under another space setting): the organizer's fault, not the participant's.
            throw new ScoringConfigurationException($"The hidden benchmark table \"{asset.Name}\" cannot be used: {e.Message}");
        }
    }

    static (LatencyTable Table, StagedAsset Asset) LoadLatency(ScoringRequest request, BenchmarkTable table)
    {
        var asset = request.Asset(MultiObjectiveKind.LatencyTable);
        LatencyTable latency;
        try
        {
            latency = LatencyTable.Load(asset.Path);
        }
        catch (AssetRejectedException e)
        {
            throw new ScoringConfigurationException($"The latency table \"{asset.Name}\" cannot be used: {e.Message}");
        }
        var missing = table.Architectures.Where(a => !latency.LatencyMs.ContainsKey(a)).ToList();
        if (missing.Count > 0)
            throw new ScoringConfigurationException(
                $"The latency table \"{asset.Name}\" lacks {missing.Count} of the benchmark table's architectures, e.g. '{missing[0]}'.");
        return (latency, asset);
    }

    /// <summary>The table index of each submitted architecture; every fault of the front in one message (the first 10).</summary>
    static IReadOnlyList<int> Match(ScoringRequest request, FrontSettings settings, BenchmarkTable table)
    {
        var archs = FrontSubmission.Read(request.SubmissionPath, request.SubmissionFileName);
        if (archs.Count > settings.MaxArchitectures)
            throw new SubmissionRejectedException($"The front holds {archs.Count} architectures; this track takes at most {settings.MaxArchitectures}.");
        var faults = new List<string>();
        var indices = new List<int>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in archs)
        {
            if (!settings.Space.TryParse(a.Arch, out _, out var fault))
                faults.Add($"line {a.Line}: '{a.Arch}' is not an architecture of the {settings.Space.Name} space: it {fault}");
            else if (firstLine.TryGetValue(a.Arch, out var first))
                faults.Add($"line {a.Line}: '{a.Arch}' is a duplicate of line {first}");
            else if (!table.TryGetIndex(a.Arch, out var index))
                faults.Add($"line {a.Line}: '{a.Arch}' is not one of the track's {table.Count} candidate architectures");
            else
            {
                firstLine[a.Arch] = a.Line;
                indices.Add(index);
            }
        }
        if (faults.Count > 0)
            throw new SubmissionRejectedException($"The front was rejected ({faults.Count} faults): {string.Join("; ", faults.Take(10))}.");
        return indices;
    }
}
