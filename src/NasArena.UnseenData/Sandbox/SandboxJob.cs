namespace NasArena.UnseenData.Sandbox;

/// <summary>Limits of one sandboxed run. The harness gets TimeLimitSeconds; the run is killed at TimeLimit + Grace.</summary>
/// <param name="CpuCores">CPU time per wall second the run may use (cgroup cpu quota, docker --cpus); 0 = uncapped.</param>
public sealed record SandboxLimits(
    double TimeLimitSeconds,
    double GraceSeconds,
    long MemoryBytes,
    int MaxProcesses,
    long OutputBytes,
    long MaxLogBytes,
    int LogTailBytes,
    int CpuThreads,
    double CpuCores = 0);

/// <summary>
/// What the harness tells the package about where this run stands (the kit's metadata and clock): the data set's index
/// among all of the phase, and the budget the clock shows with what earlier data sets spent of it (shared budget).
/// </summary>
public sealed record HarnessContext(int DatasetIndex, int DatasetCount, double BudgetSeconds, double BudgetUsedSeconds)
{
    /// <summary>The harness's arguments after the paths, identical for every runner.</summary>
    public static IReadOnlyList<string> Arguments(SandboxJob job)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var c = job.Context ?? new HarnessContext(0, 1, job.Limits.TimeLimitSeconds, 0);
        return ["--time-limit", job.Limits.TimeLimitSeconds.ToString("R", inv),
            "--budget", c.BudgetSeconds.ToString("R", inv), "--budget-used", c.BudgetUsedSeconds.ToString("R", inv),
            "--dataset-index", c.DatasetIndex.ToString(inv), "--dataset-count", c.DatasetCount.ToString(inv)];
    }
}

/// <summary>
/// One run of the harness on one data set. The three input folders are mounted read-only; the runner writes
/// predictions.npy and status.jsonl into OutputDirectory (on the host) and nothing else comes out.
/// </summary>
public sealed record SandboxJob(
    string HarnessDirectory,
    string SubmissionDirectory,
    string DataDirectory,
    string OutputDirectory,
    SandboxLimits Limits,
    HarnessContext? Context = null);

/// <summary>Why the run ended. Only the runner can tell a kill by the platform from the package's own exit.</summary>
public enum SandboxStop
{
    Exited,
    TimeLimit,
    MemoryLimit,
    ProcessLimit,
    LogLimit,
    Cancelled,
}

public sealed record SandboxOutcome(
    SandboxStop Stop,
    int? ExitCode,
    string LogTail,
    long LogBytes,
    TimeSpan Elapsed,
    IReadOnlyList<string> Notes)
{
    public const string PredictionsFile = "predictions.npy";
    public const string StatusFile = "status.jsonl";
}

/// <summary>Runs the harness in isolation: no network, read-only inputs, capped time, memory, processes, output and logs.</summary>
public interface ISandboxRunner
{
    string Name { get; }

    Task<SandboxOutcome> RunAsync(SandboxJob job, CancellationToken ct);
}
