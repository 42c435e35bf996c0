namespace NasArena.Sandbox.Sandbox;

/// <summary>Limits of one sandboxed run. The harness gets TimeLimitSeconds; the run is killed at TimeLimit + Grace.</summary>
public sealed record SandboxLimits(
    double TimeLimitSeconds,
    double GraceSeconds,
    long MemoryBytes,
    int MaxProcesses,
    long OutputBytes,
    long MaxLogBytes,
    int LogTailBytes,
    int CpuThreads);

/// <summary>
/// One run of the harness on one data set. The three input folders are mounted read-only; the runner writes
/// predictions.npy and status.jsonl into OutputDirectory (on the host) and nothing else comes out.
/// </summary>
public sealed record SandboxJob(
    string HarnessDirectory,
    string SubmissionDirectory,
    string DataDirectory,
    string OutputDirectory,
    SandboxLimits Limits);

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
