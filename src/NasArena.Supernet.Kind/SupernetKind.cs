using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;
using NasArena.Scoring.Metrics;

namespace NasArena.Supernet.Kind;

/// <summary>Supernet ranking (CVPR 2021 Track 1, docs/supernet.md): participants upload a trained weight-sharing supernet.</summary>
public static class SupernetKind
{
    public static readonly SettingsSchema Settings = new(
    [
        new("space", SettingType.Text, "Search space (built-in name, e.g. demo)", "The built-in search space the supernet covers.") { Default = null },
        new("mode", SettingType.Choice, "Submissions are", "Whether the platform evaluates uploaded supernets or takes participants' own scores.")
        {
            Default = "checkpoint",
            Choices = [new("checkpoint", "checkpoints: the platform evaluates each subnet"), new("score-file", "score files: participants upload their own scores")],
        },
        new("scoreBy", SettingType.Choice, "Score subnets by", "What a subnet's score is: its accuracy, or its negated loss.")
        {
            Default = "accuracy",
            Choices = [new("accuracy", "accuracy"), new("loss", "loss (negated)")],
        },
        new("bnCalibrationBatches", SettingType.Integer, "BN calibration batches (0: stored statistics)",
            "0 uses the stored BN statistics; K recomputes them per subnet on K batches of the calibration data.")
        { Default = 0L, Min = 0, Max = 10_000 },
        new("batchSize", SettingType.Integer, "Batch size (default 256)", "Evaluation and calibration batch size.") { Default = 256L, Min = 1, Max = 65_536 },
        new("maxBytes", SettingType.Integer, null, "Largest accepted checkpoint, in bytes.") { Default = 256L << 20, Min = 1, Max = 1L << 40 },
        new("threads", SettingType.Integer, null, "CPU threads of an evaluation; fixed so that a score does not depend on the worker.")
        { Default = 2L, Min = 1, Max = 256 },
    ]);

    public static readonly TrackKindDescriptor Descriptor = new()
    {
        Kind = TrackKind.Supernet,
        DisplayName = "Supernet",
        Description = "upload trained weight-sharing supernet weights",
        // Supernet evaluation wants accelerators.
        Queue = "gpu",
        Metrics = new[] { MetricCatalog.KendallTau, MetricCatalog.SpearmanRho, MetricCatalog.PearsonR }.ToDictionary(m => m, _ => true),
        Module = "NasArena.Supernet.SupernetTrack, NasArena.Supernet",
        HiddenAssetKinds = ["benchmark", "eval-data", "calibration-data"],
        RequiredAssetsOf = RequiredAssets,
        Files = new(null, "a supernet checkpoint (.safetensors or .pt) or a score file", 16 * 1024 * 1024),
        Progress = new("architecture", "architectures", OneAtATime: false),
        Settings = Settings,
        PublishProblemsOf = s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("space", out _)
            ? [] : ["a supernet track needs its search space (setting 'space')."],
    };

    /// <summary>A score file needs only the benchmark; a checkpoint is evaluated on eval-data, and BN is recalibrated on
    /// calibration-data when bnCalibrationBatches is above 0. Settings that do not read (never saved so) need everything.</summary>
    private static IReadOnlyList<string> RequiredAssets(JsonElement settings)
    {
        if (Settings.Problems(settings).Any()) return ["benchmark", "eval-data", "calibration-data"];
        if (Settings.Text(settings, "mode") == "score-file") return ["benchmark"];
        return Settings.Integer(settings, "bnCalibrationBatches") > 0 ? ["benchmark", "eval-data", "calibration-data"] : ["benchmark", "eval-data"];
    }
}
