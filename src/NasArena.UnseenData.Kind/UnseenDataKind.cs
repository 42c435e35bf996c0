using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;

namespace NasArena.UnseenData.Kind;

/// <summary>
/// Unseen data (CVPR 2021 Track 3, docs/unseen-data.md): participants upload a NAS algorithm package that workers run in
/// a sandbox on hidden data sets. Defaults follow the 2026 starting kit (30 minutes per data set, 60 s of grace).
/// </summary>
public static class UnseenDataKind
{
    private const double Gib = 1L << 30;

    public static readonly SettingsSchema Settings = new(
    [
        // In the form, each with the operator's ceiling beside it: the service refuses anything above it (ADR 0033).
        new("timeLimitSeconds", SettingType.Number, "Time limit per data set, seconds (default 1800)",
            "Wall time of one data set's run (or of all, with a shared time budget).")
        { Default = 1800.0, Min = 0.1, Ceiling = c => c.MaxTimeLimitSeconds, CeilingFormat = "{0} s" },
        new("memoryLimitBytes", SettingType.Bytes, "Memory limit, GiB (default 8)", "Memory of one sandboxed run, in bytes.")
        { Default = 8L << 30, Min = 16L << 20, DisplayUnit = "GiB", DisplayScale = Gib, Ceiling = c => c.MaxMemoryBytes, CeilingFormat = "{0} GiB" },
        new("outputLimitBytes", SettingType.Bytes, "Written output limit (each file, /tmp), GiB (default 1)",
            "What the package may write: each file, and each writable tmpfs (/tmp, /dev/shm), in bytes.")
        { Default = 1L << 30, Min = 4096, DisplayUnit = "GiB", DisplayScale = Gib, Ceiling = c => c.MaxOutputBytes, CeilingFormat = "{0} GiB" },
        new("maxProcesses", SettingType.Integer, "Processes and threads (default 256)", "Processes and threads of one run.")
        { Default = 256L, Min = 1, Max = 1 << 20, Ceiling = c => c.MaxProcesses },
        new("cpuCores", SettingType.Number, "CPU cores per run (default: the CPU threads, 1)",
            "CPU cap of each sandbox in cores (cgroup quota, docker --cpus); unset: the CPU threads.")
        { Default = null, Min = 0, Ceiling = c => c.MaxCpuCores, CeilingFormat = "{0} cores", CeilingNote = "above 0" },
        new("timeBudget", SettingType.Choice, "Time budget", "Whether each data set gets the time limit, or all share it.")
        {
            Default = "perDataset",
            Choices = [new("perDataset", "per data set (2026 kit)"), new("shared", "shared by all data sets (2022-2025 kits)")],
        },
        // Through the API only (sandbox details most tracks leave alone).
        new("maxPackageBytes", SettingType.Integer, null, "Largest package, in bytes.") { Default = 50L << 20, Min = 1 },
        new("maxUncompressedBytes", SettingType.Integer, null, "Largest unpacked package, in bytes.") { Default = 200L << 20, Min = 1 },
        new("maxCompressionRatio", SettingType.Number, null, "Largest ratio of unpacked to packed size.") { Default = 100.0, Min = 1 },
        new("maxPackageEntries", SettingType.Integer, null, "Most files in a package.") { Default = 5000L, Min = 1, Max = int.MaxValue },
        new("predictionGraceSeconds", SettingType.Number, null, "Time given to predict after the time limit.") { Default = 60.0, Min = 0 },
        new("maxLogBytes", SettingType.Integer, null, "stdout+stderr beyond this kill the run.") { Default = 64L << 20, Min = 1024 },
        new("logTailBytes", SettingType.Integer, null, "How much of the end of the logs is kept for the participant.") { Default = 64L << 10, Min = 256, Max = 16 << 20 },
        new("hideLogs", SettingType.Flag, null, "Hide the package's logs from its team.") { Default = false },
        new("cpuThreads", SettingType.Integer, null, "CPU threads of a run.") { Default = 1L, Min = 1, Max = 1024 },
        new("datasetBoards", SettingType.Object, null, "an object of data set codenames to \"public\" or \"private\""),
        new("privateTestFraction", SettingType.Number, null, "Share of each data set's test items on the private board where it has no private mask.")
        { Default = 0.0, Min = 0, Max = 1, MaxExclusive = true },
        new("privateSplitSeed", SettingType.Text, null, "The secret of that split (the platform makes one when none is set).") { Default = "" },
        new("runner", SettingType.Choice, null, "\"bubblewrap\" (CPU workers) or \"docker\" (GPU nodes).")
        { Default = "bubblewrap", Choices = [new("bubblewrap", "bubblewrap"), new("docker", "docker")] },
        new("dockerImage", SettingType.Text, null, "The image of a docker run.") { Default = "nasarena/unseen-sandbox:latest" },
        new("dockerGpus", SettingType.Text, null, "docker's --gpus (\"1\", \"device=0\"; empty for none).") { Default = "1" },
        new("pythonPath", SettingType.Text, null, "The interpreter of a bubblewrap run.") { Default = "/usr/bin/python3" },
    ]);

    public static readonly TrackKindDescriptor Descriptor = new()
    {
        Kind = TrackKind.UnseenData,
        DisplayName = "Unseen data",
        Description = "upload a NAS algorithm package",
        // Participants' NAS code wants accelerators.
        Queue = "gpu",
        // The score: the sum over data sets of 10 * (acc - benchmark) / (100 - benchmark).
        Metrics = new Dictionary<string, bool> { ["score"] = true },
        Module = "NasArena.UnseenData.UnseenDataTrack, NasArena.UnseenData",
        HiddenAssetKinds = ["dataset"],
        Files = new([".zip"], ".zip files", 50 * 1024 * 1024),
        Progress = new("data set", "data sets", OneAtATime: true),
        Resampled = "the test items of each hidden data set (resampled per data set)",
        Settings = Settings,
        // The seed of the private split would tell which test items are private.
        OrganizerOnlySettings = ["privateSplitSeed"],
        PlatformSecretSetting = "privateSplitSeed",
        SandboxCeilingsApply = true,
        // Both boards score every test item unless the settings split them: a private fraction of each data set's test
        // items, or a data set on one board only. A data set's own test_private_mask.npy is inside the file, which the
        // publish check does not open, so a split asked for must be explicit (ADR 0042).
        BoardsShareItemsOf = SameItemsOnBothBoards,
        BoardItems = board => $"the {board} part of the data sets' test items",
        SharedBoardItems = "every test item of every data set (the same as the other board)",
        // A debug run runs the package under the debug time limit, with its log shown (ADR 0044).
        DebugRunSettingsOf = ForDebugRun,
        SettingsNote = c => "The data sets are this track's hidden assets (kind dataset), uploaded per phase. " +
            $"Also capped by the platform: CPU threads {c.MaxCpuThreads}, prediction grace {c.MaxPredictionGraceSeconds:g} s, " +
            $"Docker GPUs {c.MaxDockerGpus} per run; Docker images: {List(c.DockerImages)}; Python: {List(c.PythonPaths)}.",
    };

    private static bool SameItemsOnBothBoards(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return true;
        if (root.TryGetProperty("privateTestFraction", out var f) && f.TryGetDouble(out var fraction) && fraction > 0) return false;
        return !(root.TryGetProperty("datasetBoards", out var boards) && boards.ValueKind == JsonValueKind.Object
            && boards.EnumerateObject().Any(b => b.Value.ValueKind == JsonValueKind.String && b.Value.GetString() is "public" or "private"));
    }

    /// <summary>The debug time limit on `timeLimitSeconds` (the scorer's default 1800 s when unset), lowered only: a
    /// shorter limit of the track's stays; and `hideLogs` off, the log being the participant's own on the debug split.</summary>
    private static string ForDebugRun(string settingsJson, double limitSeconds)
    {
        if (JsonNode.Parse(settingsJson) is not JsonObject root) return settingsJson;
        if (!(root["timeLimitSeconds"] is JsonValue own && own.TryGetValue<double>(out var trackLimit) && trackLimit <= limitSeconds))
        {
            root["timeLimitSeconds"] = limitSeconds;
        }
        root["hideLogs"] = false;
        return root.ToJsonString();
    }

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
