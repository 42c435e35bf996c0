using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;

namespace NasArena.MultiObjective.Kind;

/// <summary>
/// Hardware-aware multi-objective NAS (ADR 0048): participants submit a set of architectures of a search space as their
/// trade-off front; the platform computes every objective itself (accuracy from the organizer's hidden benchmark table,
/// parameters and FLOPs from the space's definition, latency from a latency table with its provenance) and scores the
/// front by hypervolume, IGD and the best accuracy under a cost budget.
/// </summary>
public static class MultiObjectiveKind
{
    public const string Hypervolume = "hypervolume";
    public const string Igd = "igd";
    public const string AccuracyUnderBudget = "accuracyUnderBudget";

    public const string BenchmarkTable = "benchmark-table";
    public const string LatencyTable = "latency-table";

    /// <summary>The spaces a front may be drawn from (their definitions: NasArena.MultiObjective.Spaces).</summary>
    public static readonly IReadOnlyList<string> SpaceNames = ["demo", "cvpr21-resnet20"];

    public static readonly SettingsSchema Settings = new(
    [
        new("space", SettingType.Choice, "Search space", "The built-in search space the architectures come from; parameters and FLOPs are counted from its definition.")
        {
            Default = "demo",
            Choices = [new("demo", "demo (Fashion-MNIST, 7 positions)"), new("cvpr21-resnet20", "cvpr21-resnet20 (CIFAR-100, 20 positions)")],
        },
        new("cost", SettingType.Choice, "Cost objective (against error)", "The second objective of the front, beside error (1 - accuracy).")
        {
            Default = "params",
            Choices = [new("params", "parameters"), new("flops", "FLOPs (batch 1)"), new("latency", "latency (the latency table's ms)")],
        },
        new("maxArchitectures", SettingType.Integer, "Architectures per submission, at most (K)", "The most architectures one front may hold.")
        { Default = 20L, Min = 1, Max = 1000 },
        new("referenceError", SettingType.Number, "Reference point: error (normalised; default 1.1)",
            "The hypervolume's reference point on the error axis, after both objectives are scaled to [0, 1] over the benchmark table.")
        { Default = 1.1, Min = 0, MinExclusive = true, Max = 10 },
        new("referenceCost", SettingType.Number, "Reference point: cost (normalised; default 1.1)",
            "The hypervolume's reference point on the cost axis, after both objectives are scaled to [0, 1] over the benchmark table.")
        { Default = 1.1, Min = 0, MinExclusive = true, Max = 10 },
        new("costBudget", SettingType.Number, "Cost budget for best accuracy under budget (cost's unit; default: the table's median cost)",
            "The budget of the accuracyUnderBudget metric, in the cost's unit (parameters, FLOPs or ms).")
        { Default = null, Min = 0, MinExclusive = true },
        new("showTrueFront", SettingType.Flag, "Show the true front on submission pages",
            "Participants see the benchmark table's true front (its hidden accuracies) beside their own; for a practice phase.")
        { Default = false },
    ]);

    public static readonly TrackKindDescriptor Descriptor = new()
    {
        Kind = TrackKind.HardwareMultiObjective,
        DisplayName = "Hardware-aware multi-objective NAS",
        Description = "upload a trade-off front of architectures",
        // Scoring is table look-ups and counting: no accelerator.
        Queue = "cpu",
        Metrics = new Dictionary<string, bool> { [Hypervolume] = true, [Igd] = false, [AccuracyUnderBudget] = true },
        Module = "NasArena.MultiObjective.MultiObjectiveTrack, NasArena.MultiObjective",
        ScoredInWeb = true,
        HiddenAssetKinds = [BenchmarkTable, LatencyTable],
        RequiredAssetsOf = RequiredAssets,
        Files = new([".json", ".csv"], ".json or .csv fronts", 1024 * 1024),
        Progress = new("architecture", "architectures", OneAtATime: false),
        Settings = Settings,
        // One front is scored against one table: both boards rank the same thing.
        BoardsShareItemsOf = _ => true,
        BoardItems = _ => "the whole benchmark table",
        SharedBoardItems = "the whole benchmark table (the same as the other board)",
    };

    /// <summary>The latency table is needed only when latency is the cost; settings that do not read need everything.</summary>
    private static IReadOnlyList<string> RequiredAssets(JsonElement settings)
    {
        if (Settings.Problems(settings).Any()) return [BenchmarkTable, LatencyTable];
        return Settings.Text(settings, "cost") == "latency" ? [BenchmarkTable, LatencyTable] : [BenchmarkTable];
    }
}
