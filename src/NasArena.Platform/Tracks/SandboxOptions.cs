using System.Globalization;
using NasArena.Platform.Configuration;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tracks;

/// <summary>
/// Bound from the "Sandbox" configuration section: the operator's ceilings on what organizers may set for the sandbox
/// of an unseen-data track (<see cref="SandboxCeilings"/>, ADR 0033). The defaults suit a shared node: 16 GiB, 2 h a
/// data set, 4 GiB written, 1024 processes, 16 threads, 8 cores, one GPU, the platform's own image and interpreter.
/// </summary>
public sealed class SandboxOptions : IOptionsSection
{
    public static string Section => SandboxCeilings.Section;

    public long MaxMemoryBytes { get; set; } = 16L << 30;

    public double MaxTimeLimitSeconds { get; set; } = 7200;

    public double MaxPredictionGraceSeconds { get; set; } = 600;

    public long MaxOutputBytes { get; set; } = 4L << 30;

    public int MaxProcesses { get; set; } = 1024;

    public int MaxCpuThreads { get; set; } = 16;

    /// <summary>CPU time per wall second of one sandbox; organizers cannot ask for 0 (uncapped).</summary>
    public double MaxCpuCores { get; set; } = 8;

    /// <summary>GPUs one Docker run may take; "all" is never allowed (it would take a shared node's every GPU).</summary>
    public int MaxDockerGpus { get; set; } = 1;

    /// <summary>Comma-separated (a list bound from configuration would add to the default rather than replace it).</summary>
    public string DockerImages { get; set; } = "nasarena/unseen-sandbox:latest";

    /// <summary>Comma-separated absolute paths of the Python interpreters bubblewrap runs may use.</summary>
    public string PythonPaths { get; set; } = "/usr/bin/python3";

    public SandboxCeilings Ceilings => new(MaxMemoryBytes, MaxTimeLimitSeconds, MaxPredictionGraceSeconds, MaxOutputBytes, MaxProcesses,
        MaxCpuThreads, MaxCpuCores, MaxDockerGpus, List(DockerImages), List(PythonPaths));

    private static string[] List(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<string> Problems()
    {
        string Key(string name) => $"`{Section}:{name}`";
        string Inv(double v) => v.ToString(CultureInfo.InvariantCulture);
        // The scorer's own minimums (UnseenDataSettings) would make a lower ceiling refuse every track.
        if (MaxMemoryBytes < 16L << 20) yield return $"{Key(nameof(MaxMemoryBytes))} must be at least 16777216 (16 MiB); got '{MaxMemoryBytes}'.";
        if (!(MaxTimeLimitSeconds >= 0.1)) yield return $"{Key(nameof(MaxTimeLimitSeconds))} must be at least 0.1; got '{Inv(MaxTimeLimitSeconds)}'.";
        if (!(MaxPredictionGraceSeconds >= 0)) yield return $"{Key(nameof(MaxPredictionGraceSeconds))} must be at least 0; got '{Inv(MaxPredictionGraceSeconds)}'.";
        if (MaxOutputBytes < 4096) yield return $"{Key(nameof(MaxOutputBytes))} must be at least 4096; got '{MaxOutputBytes}'.";
        if (Check.AtLeast(Key(nameof(MaxProcesses)).Trim('`'), MaxProcesses, 1) is { } processes) yield return processes;
        if (Check.AtLeast(Key(nameof(MaxCpuThreads)).Trim('`'), MaxCpuThreads, 1) is { } threads) yield return threads;
        if (!(MaxCpuCores > 0)) yield return $"{Key(nameof(MaxCpuCores))} must be above 0; got '{Inv(MaxCpuCores)}'.";
        if (Check.AtLeast(Key(nameof(MaxDockerGpus)).Trim('`'), MaxDockerGpus, 0) is { } gpus) yield return gpus;
        foreach (var path in List(PythonPaths).Where(p => !Path.IsPathRooted(p)))
            yield return $"{Key(nameof(PythonPaths))} must list absolute paths; got '{path}'.";
    }
}
