namespace NasArena.Scoring.Contract;

/// <summary>
/// What a scorer measured of the work it had done outside the worker process (a sandbox's cgroup) or on a GPU, for the
/// run's compute accounting (issue 25, ADR 0045). The job that runs the scorer opens a report (<see cref="Begin"/>) and
/// reads it when the scorer returns; scorers only call <see cref="Sandbox"/> and <see cref="Gpu"/>, which do nothing
/// outside a job. Several sandboxed runs in one job add up (peak memory: the highest).
/// </summary>
public sealed class ComputeReport
{
    private static readonly AsyncLocal<ComputeReport?> Ambient = new();
    private readonly Lock _lock = new();

    public double SandboxCpuSeconds { get; private set; }

    /// <summary>False when a sandboxed run could not say its CPU time (a cgroup v1 without cpuacct): the job counts its
    /// reaped children's instead.</summary>
    public bool SandboxCpuKnown { get; private set; } = true;
    public long SandboxPeakBytes { get; private set; }

    /// <summary>How the sandbox's figures were measured ("sandbox cgroup v1", "sandbox rusage"); null when none reported.</summary>
    public string? SandboxSource { get; private set; }

    public double? GpuSeconds { get; private set; }

    /// <summary>Opens a report for the current async flow (the job's); the scorer's calls below reach it.</summary>
    public static ComputeReport Begin() => Ambient.Value = new ComputeReport();

    public static void End() => Ambient.Value = null;

    /// <summary>One sandboxed run's CPU time and peak memory, as the sandbox's own accounting gives them.</summary>
    public static void Sandbox(double? cpuSeconds, long peakBytes, string source)
    {
        if (Ambient.Value is not { } report) return;
        lock (report._lock)
        {
            report.SandboxCpuSeconds += Math.Max(0, cpuSeconds ?? 0);
            report.SandboxCpuKnown &= cpuSeconds is not null;
            report.SandboxPeakBytes = Math.Max(report.SandboxPeakBytes, peakBytes);
            report.SandboxSource = report.SandboxSource is null || report.SandboxSource == source ? source : report.SandboxSource + ", " + source;
        }
    }

    /// <summary>Seconds the scorer held a GPU (the wall time of work on a CUDA device).</summary>
    public static void Gpu(double seconds)
    {
        if (Ambient.Value is not { } report) return;
        lock (report._lock)
        {
            report.GpuSeconds = (report.GpuSeconds ?? 0) + Math.Max(0, seconds);
        }
    }
}
