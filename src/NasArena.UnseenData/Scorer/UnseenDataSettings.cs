using System.Text.Json;
using NasArena.Scoring.Contract;

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
            ["memoryLimitBytes"] = MemoryLimitBytes, ["timeLimitSeconds"] = TimeLimitSeconds, ["predictionGraceSeconds"] = PredictionGraceSeconds,
            ["outputLimitBytes"] = OutputLimitBytes, ["maxProcesses"] = MaxProcesses, ["cpuThreads"] = CpuThreads, ["cpuCores"] = CpuCores,
        };
        if (Runner == "docker")
        {
            effective["dockerImage"] = DockerImage;
            effective["dockerGpus"] = DockerGpus;
        }
        else effective["pythonPath"] = PythonPath;
        return ceilings.Problems(JsonSerializer.SerializeToElement(effective));
    }

    public static UnseenDataSettings Parse(JsonElement json)
    {
        var s = new UnseenDataSettings();
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return s;
        if (json.ValueKind != JsonValueKind.Object)
            throw new ScoringConfigurationException($"Unseen-data track settings must be a JSON object, got {json.ValueKind}.");
        foreach (var p in json.EnumerateObject())
        {
            s = p.Name switch
            {
                "maxPackageBytes" => s with { MaxPackageBytes = Long(p, 1) },
                "maxUncompressedBytes" => s with { MaxUncompressedBytes = Long(p, 1) },
                "maxCompressionRatio" => s with { MaxCompressionRatio = Number(p, 1) },
                "maxPackageEntries" => s with { MaxPackageEntries = (int)Long(p, 1, int.MaxValue) },
                "timeLimitSeconds" => s with { TimeLimitSeconds = Number(p, 0.1) },
                "predictionGraceSeconds" => s with { PredictionGraceSeconds = Number(p, 0) },
                "memoryLimitBytes" => s with { MemoryLimitBytes = Long(p, 16L << 20) },
                "maxProcesses" => s with { MaxProcesses = (int)Long(p, 1, 1 << 20) },
                "outputLimitBytes" => s with { OutputLimitBytes = Long(p, 4096) },
                "maxLogBytes" => s with { MaxLogBytes = Long(p, 1024) },
                "logTailBytes" => s with { LogTailBytes = (int)Long(p, 256, 16 << 20) },
                "hideLogs" => s with { HideLogs = p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Bad(p, "true or false"),
                } },
                "cpuThreads" => s with { CpuThreads = (int)Long(p, 1, 1024) },
                "cpuCores" => s with { CpuCoresSetting = Number(p, 0) },
                "datasetBoards" => s with { DatasetBoards = ParseBoards(p) },
                "privateTestFraction" => s with { PrivateTestFraction = Number(p, 0) < 1 ? Number(p, 0) : throw Bad(p, "a number from 0 up to (not including) 1") },
                "privateSplitSeed" => s with { PrivateSplitSeed = Text(p) },
                "timeBudget" => s with { TimeBudget = Text(p) switch
                {
                    "perDataset" => TimeBudget.PerDataset,
                    "shared" => TimeBudget.Shared,
                    _ => throw Bad(p, "\"perDataset\" or \"shared\""),
                } },
                "runner" => s with { Runner = Text(p) is "bubblewrap" or "docker" ? Text(p) : throw Bad(p, "\"bubblewrap\" or \"docker\"") },
                "dockerImage" => s with { DockerImage = Text(p) },
                "dockerGpus" => s with { DockerGpus = Text(p) },
                "pythonPath" => s with { PythonPath = Text(p) },
                // Other track-kind settings (phases, quotas) belong to the platform; unknown keys are left alone.
                _ => s,
            };
        }
        return s;
    }

    private static Dictionary<string, DatasetBoard> ParseBoards(JsonProperty p)
    {
        if (p.Value.ValueKind != JsonValueKind.Object) throw Bad(p, "an object of data set codenames to \"public\" or \"private\"");
        var boards = new Dictionary<string, DatasetBoard>(StringComparer.Ordinal);
        foreach (var d in p.Value.EnumerateObject())
            boards[d.Name] = d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() switch
            {
                "public" => DatasetBoard.Public,
                "private" => DatasetBoard.Private,
                "both" => DatasetBoard.Both,
                _ => throw new ScoringConfigurationException($"Track setting 'datasetBoards.{d.Name}' is {d.Value.GetRawText()}; expected \"public\", \"private\" or \"both\"."),
            } : throw new ScoringConfigurationException($"Track setting 'datasetBoards.{d.Name}' is {d.Value.GetRawText()}; expected \"public\", \"private\" or \"both\".");
        return boards;
    }

    private static ScoringConfigurationException Bad(JsonProperty p, string expected) =>
        new($"Track setting '{p.Name}' is {p.Value.GetRawText()}; expected {expected}.");

    private static long Long(JsonProperty p, long min, long max = long.MaxValue) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var v) && v >= min && v <= max
            ? v : throw Bad(p, $"an integer from {min} to {max}");

    private static double Number(JsonProperty p, double min) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() is var v && v >= min && double.IsFinite(v)
            ? v : throw Bad(p, $"a number of at least {min}");

    private static string Text(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Bad(p, "a string");
}

/// <summary>How the time limit applies to the data sets of a phase.</summary>
public enum TimeBudget
{
    PerDataset,
    Shared,
}
