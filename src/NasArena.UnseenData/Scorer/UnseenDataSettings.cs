using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.UnseenData.Kind;

namespace NasArena.UnseenData.Scorer;

/// <summary>
/// The organizer's settings of an unseen-data track (all optional; defaults follow the 2026 starting kit:
/// 30 minutes per data set and 60 s of grace for prediction).
/// </summary>
public sealed record UnseenDataSettings
{
    public long MaxPackageBytes { get; init; } = 50L << 20;
    public long MaxUncompressedBytes { get; init; } = 200L << 20;
    public double MaxCompressionRatio { get; init; } = 100;
    public int MaxPackageEntries { get; init; } = 5000;
    public double TimeLimitSeconds { get; init; } = 1800;
    public double PredictionGraceSeconds { get; init; } = 60;
    public long MemoryLimitBytes { get; init; } = 8L << 30;
    public int MaxProcesses { get; init; } = 256;
    /// <summary>Cap on what the package may write: each file, and each writable tmpfs (/tmp, /dev/shm).</summary>
    public long OutputLimitBytes { get; init; } = 1L << 30;
    /// <summary>stdout+stderr beyond this kill the run (a package that floods its logs is stopped, not buffered).</summary>
    public long MaxLogBytes { get; init; } = 64L << 20;
    /// <summary>How much of the end of stdout/stderr is kept for the participant.</summary>
    public int LogTailBytes { get; init; } = 64 << 10;
    /// <summary>The platform strips the "logs" key of DetailsJson when set; the scorer also keeps logs out of rejection messages.</summary>
    public bool HideLogs { get; init; }
    public int CpuThreads { get; init; } = 1;
    /// <summary>CPU cap of each sandbox in cores (cgroup cpu quota, docker --cpus); unset = CpuThreads; 0 = uncapped.</summary>
    public double? CpuCoresSetting { get; init; }
    public double CpuCores => CpuCoresSetting ?? CpuThreads;
    /// <summary>
    /// "perDataset" (2026 kit): each data set gets TimeLimitSeconds. "shared" (2022-2025 kits): TimeLimitSeconds is the
    /// budget of all data sets together, spent one after another; a data set that starts with nothing left fails.
    /// </summary>
    public TimeBudget TimeBudget { get; init; } = TimeBudget.PerDataset;
    /// <summary>Data sets (by codename) that count on one leaderboard only; the others count on both.</summary>
    public IReadOnlyDictionary<string, DatasetBoard> DatasetBoards { get; init; } = new Dictionary<string, DatasetBoard>();
    /// <summary>Share of each data set's test items on the private board where the data set has no private mask; 0 = none.</summary>
    public double PrivateTestFraction { get; init; }
    /// <summary>The organizer's secret for that split: the same seed gives the same split on every run.</summary>
    public string PrivateSplitSeed { get; init; } = "";
    /// <summary>"bubblewrap" (CPU workers) or "docker" (GPU nodes).</summary>
    public string Runner { get; init; } = "bubblewrap";
    public string DockerImage { get; init; } = "nasarena/unseen-sandbox:latest";
    /// <summary>Value of docker's --gpus ("1", "device=0"; never "all": Sandbox:MaxDockerGpus caps the count); empty for none.</summary>
    public string DockerGpus { get; init; } = "1";
    public string PythonPath { get; init; } = "/usr/bin/python3";

    /// <summary>
    /// The values in effect (defaults included) that are above the operator's ceilings: the worker's check before a run,
    /// for settings saved before a ceiling was lowered. The runner's own values only (a bubblewrap run has no image).
    /// </summary>
    public IEnumerable<string> ProblemsUnder(SandboxCeilings ceilings)
    {
        var effective = new Dictionary<string, object>
        {
            ["memoryLimitBytes"] = MemoryLimitBytes,
            ["timeLimitSeconds"] = TimeLimitSeconds,
            ["predictionGraceSeconds"] = PredictionGraceSeconds,
            ["outputLimitBytes"] = OutputLimitBytes,
            ["maxProcesses"] = MaxProcesses,
            ["cpuThreads"] = CpuThreads,
            ["cpuCores"] = CpuCores,
        };
        if (Runner == "docker")
        {
            effective["dockerImage"] = DockerImage;
            effective["dockerGpus"] = DockerGpus;
        }
        else effective["pythonPath"] = PythonPath;
        return ceilings.Problems(JsonSerializer.SerializeToElement(effective));
    }

    /// <summary>Reads the settings through the kind's schema (NasArena.UnseenData.Kind), the one reader of its keys and
    /// their defaults; other keys (phases, quotas) belong to the platform and are left alone.</summary>
    public static UnseenDataSettings Parse(JsonElement json)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return new UnseenDataSettings();
        if (json.ValueKind != JsonValueKind.Object)
            throw new ScoringConfigurationException($"Unseen-data track settings must be a JSON object, got {json.ValueKind}.");
        var schema = UnseenDataKind.Settings;
        schema.Check(json);
        return new UnseenDataSettings
        {
            MaxPackageBytes = schema.Integer(json, "maxPackageBytes"),
            MaxUncompressedBytes = schema.Integer(json, "maxUncompressedBytes"),
            MaxCompressionRatio = schema.Number(json, "maxCompressionRatio"),
            MaxPackageEntries = (int)schema.Integer(json, "maxPackageEntries"),
            TimeLimitSeconds = schema.Number(json, "timeLimitSeconds"),
            PredictionGraceSeconds = schema.Number(json, "predictionGraceSeconds"),
            MemoryLimitBytes = schema.Integer(json, "memoryLimitBytes"),
            MaxProcesses = (int)schema.Integer(json, "maxProcesses"),
            OutputLimitBytes = schema.Integer(json, "outputLimitBytes"),
            MaxLogBytes = schema.Integer(json, "maxLogBytes"),
            LogTailBytes = (int)schema.Integer(json, "logTailBytes"),
            HideLogs = schema.Flag(json, "hideLogs"),
            CpuThreads = (int)schema.Integer(json, "cpuThreads"),
            CpuCoresSetting = schema.OptionalNumber(json, "cpuCores"),
            TimeBudget = schema.Text(json, "timeBudget") == "shared" ? TimeBudget.Shared : TimeBudget.PerDataset,
            DatasetBoards = json.TryGetProperty("datasetBoards", out var boards) ? ParseBoards(boards) : new Dictionary<string, DatasetBoard>(),
            PrivateTestFraction = schema.Number(json, "privateTestFraction"),
            PrivateSplitSeed = schema.Text(json, "privateSplitSeed"),
            Runner = schema.Text(json, "runner"),
            DockerImage = schema.Text(json, "dockerImage"),
            DockerGpus = schema.Text(json, "dockerGpus"),
            PythonPath = schema.Text(json, "pythonPath"),
        };
    }

    private static Dictionary<string, DatasetBoard> ParseBoards(JsonElement value)
    {
        var boards = new Dictionary<string, DatasetBoard>(StringComparer.Ordinal);
        foreach (var d in value.EnumerateObject())
            boards[d.Name] = d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() switch
            {
                "public" => DatasetBoard.Public,
                "private" => DatasetBoard.Private,
                "both" => DatasetBoard.Both,
                _ => throw new ScoringConfigurationException($"Track setting 'datasetBoards.{d.Name}' is {d.Value.GetRawText()}; expected \"public\", \"private\" or \"both\"."),
            } : throw new ScoringConfigurationException($"Track setting 'datasetBoards.{d.Name}' is {d.Value.GetRawText()}; expected \"public\", \"private\" or \"both\".");
        return boards;
    }
}

/// <summary>How the time limit applies to the data sets of a phase.</summary>
public enum TimeBudget
{
    PerDataset,
    Shared,
}
