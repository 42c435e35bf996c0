using System.Globalization;
using System.Text.Json;

namespace NasArena.Scoring.Contract;

/// <summary>
/// The operator's ceilings on the sandbox values an organizer sets on a track (configuration section "Sandbox"; anyone
/// who signs up can organize, and the values reach shared workers). Checked where track settings are saved (each key
/// given, at the top level and in each phase's overrides) and again by the scorer before a run on the values in effect,
/// defaults included: a value saved before a ceiling was lowered does not run above it (ADR 0033). One wording for both.
/// </summary>
public sealed record SandboxCeilings(
    long MaxMemoryBytes,
    double MaxTimeLimitSeconds,
    double MaxPredictionGraceSeconds,
    long MaxOutputBytes,
    int MaxProcesses,
    int MaxCpuThreads,
    double MaxCpuCores,
    int MaxDockerGpus,
    IReadOnlyList<string> DockerImages,
    IReadOnlyList<string> PythonPaths)
{
    /// <summary>The configuration section the figures come from, named in every message.</summary>
    public const string Section = "Sandbox";

    /// <summary>The settings keys a ceiling applies to.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["memoryLimitBytes", "timeLimitSeconds", "predictionGraceSeconds", "outputLimitBytes", "maxProcesses", "cpuThreads", "cpuCores", "dockerGpus", "dockerImage", "pythonPath"];

    /// <summary>What is wrong with one setting (<paramref name="path"/> names it as the organizer wrote it), or null.</summary>
    public string? Problem(string path, string key, JsonElement value) => key switch
    {
        "memoryLimitBytes" => AtMost(path, value, MaxMemoryBytes, nameof(MaxMemoryBytes)),
        "timeLimitSeconds" => AtMost(path, value, MaxTimeLimitSeconds, nameof(MaxTimeLimitSeconds)),
        "predictionGraceSeconds" => AtMost(path, value, MaxPredictionGraceSeconds, nameof(MaxPredictionGraceSeconds)),
        "outputLimitBytes" => AtMost(path, value, MaxOutputBytes, nameof(MaxOutputBytes)),
        "maxProcesses" => AtMost(path, value, MaxProcesses, nameof(MaxProcesses)),
        "cpuThreads" => AtMost(path, value, MaxCpuThreads, nameof(MaxCpuThreads)),
        "cpuCores" => value.ValueKind == JsonValueKind.Number && value.GetDouble() is var cores && cores > 0 && cores <= MaxCpuCores ? null
            : $"Track setting '{path}' is {value.GetRawText()}; it must be above 0 (0 would leave the CPU uncapped) and at most the platform's ceiling of {Text(MaxCpuCores)} ({Section}:{nameof(MaxCpuCores)}).",
        "dockerGpus" => GpuCount(value) is { } n && n <= MaxDockerGpus ? null
            : $"Track setting '{path}' is {value.GetRawText()}; the platform allows at most {MaxDockerGpus} GPU{(MaxDockerGpus == 1 ? "" : "s")} per run ({Section}:{nameof(MaxDockerGpus)}): \"\", a count such as \"1\", or \"device=0\".",
        "dockerImage" => OneOf(path, value, DockerImages, nameof(DockerImages)),
        "pythonPath" => OneOf(path, value, PythonPaths, nameof(PythonPaths)),
        _ => null,
    };

    /// <summary>The problems of a settings object's own keys (not its "phases").</summary>
    public IEnumerable<string> Problems(JsonElement settings, string prefix = "")
    {
        if (settings.ValueKind != JsonValueKind.Object) yield break;
        foreach (var p in settings.EnumerateObject())
            if (Problem(prefix + p.Name, p.Name, p.Value) is { } problem)
                yield return problem;
    }

    /// <summary>GPUs a docker --gpus value asks for: "" none, "N" N, "device=a,b" two; null for "all" and anything else.</summary>
    private static int? GpuCount(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        var s = value.GetString()!.Trim();
        if (s.Length == 0) return 0;
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        return s.StartsWith("device=", StringComparison.Ordinal) && s.Length > 7 ? s[7..].Split(',').Length : null;
    }

    private static string? AtMost(string path, JsonElement value, double max, string name) =>
        value.ValueKind != JsonValueKind.Number ? $"Track setting '{path}' is {value.GetRawText()}; expected a number."
        : value.GetDouble() <= max ? null
        : $"Track setting '{path}' is {value.GetRawText()}; the platform's ceiling is {Text(max)} ({Section}:{name}).";

    private static string? OneOf(string path, JsonElement value, IReadOnlyList<string> allowed, string name) =>
        value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()!, StringComparer.Ordinal) ? null
        : allowed.Count == 0 ? $"Track setting '{path}' is {value.GetRawText()}; the platform allows none ({Section}:{name} is empty)."
        : $"Track setting '{path}' is {value.GetRawText()}; the platform allows only {string.Join(", ", allowed)} ({Section}:{name}).";

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
