using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;
using NasArena.Scoring.Metrics;

namespace NasArena.Prediction.Kind;

/// <summary>Performance prediction (CVPR 2021 Track 2): participants upload predicted accuracies of held-out architectures.</summary>
public static class PredictionKind
{
    public static readonly SettingsSchema Settings = new(
    [
        new("topKPercent", SettingType.Number, "Top-k share for top-k precision (%; default 10)",
            "The share of the query set that counts as the top for top-k precision, in percent.")
        { Default = MetricSet.DefaultTopKPercent, Min = 0, MinExclusive = true, Max = 100 },
    ]);

    public static readonly TrackKindDescriptor Descriptor = new()
    {
        Kind = TrackKind.Predictor,
        DisplayName = "Performance prediction",
        Description = "upload predicted accuracies",
        // Prediction files need no accelerator.
        Queue = "cpu",
        Metrics = MetricCatalog.All.ToDictionary(m => m.Name, m => m.HigherIsBetter),
        Module = "NasArena.Prediction.PredictionTrack, NasArena.Prediction",
        ScoredInWeb = true,
        HiddenAssetKinds = ["query-set"],
        Files = new([".csv", ".json"], ".csv or .json files", 10 * 1024 * 1024),
        Progress = new("architecture", "architectures", OneAtATime: false),
        Settings = Settings,
    };
}
