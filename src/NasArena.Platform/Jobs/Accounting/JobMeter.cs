using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs.Accounting;

/// <summary>
/// Measures one job run (ADR 0045): wall time by the clock; CPU time as the worker process's own (user + system) plus
/// that of the child processes it reaped meanwhile (getrusage RUSAGE_CHILDREN: a sandbox's processes once they end);
/// peak memory as the process's resident high-water mark (VmHWM), reset at the start where /proc/self/clear_refs allows.
/// Process-wide figures include whatever else the process did meanwhile (other jobs of the same worker): an upper
/// bound. A scorer's own report (<see cref="ComputeReport"/>: a sandbox's cgroup, a GPU) replaces the process's guess
/// for the part it measured.
/// </summary>
public sealed class JobMeter : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _processCpu = ProcessCpu();
    private readonly double _childrenCpu = ChildrenCpuSeconds();
    private readonly bool _peakReset = TryResetPeak();
    private readonly ComputeReport _report = ComputeReport.Begin();
    private static readonly AsyncLocal<JobMeter?> Ambient = new();

    /// <summary>Starts measuring, as the job's meter for the code it awaits (the transition that ends the run reads it).</summary>
    public JobMeter() => Ambient.Value = this;

    /// <summary>The meter of the job run this code runs in; null outside a job (a request, the watchdog).</summary>
    public static JobMeter? Current => Ambient.Value;

    /// <summary>Whether the run's figures are written already: by the transition that ended the submission.</summary>
    public bool Recorded { get; private set; }

    public void MarkRecorded() => Recorded = true;

    public ComputeUsage Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var own = (ProcessCpu() - _processCpu).TotalSeconds;
        var children = Math.Max(0, ChildrenCpuSeconds() - _childrenCpu);
        var peak = ResidentPeakBytes();
        var process = _peakReset ? "worker process" : "worker process (peak since start)";
        if (_report.SandboxSource is { } sandbox)
        {
            // The sandbox's own accounting for the package; the worker's own CPU (staging, scoring) on top. The reaped
            // children's figure is the same sandbox counted less precisely: used only where the cgroup has no CPU figure.
            var cpu = _report.SandboxCpuKnown ? _report.SandboxCpuSeconds : children;
            return new ComputeUsage(wall, own + cpu, _report.SandboxPeakBytes, _report.GpuSeconds, $"{sandbox} + {process} CPU");
        }
        return new ComputeUsage(wall, own + children, peak, _report.GpuSeconds, process);
    }

    public void Dispose() => ComputeReport.End();

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Resets the process's VmHWM to its current RSS (Linux 4.0+, writing 5 to clear_refs); false where not allowed.</summary>
    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static long ResidentPeakBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: the managed figure below.
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>User + system seconds of every child process waited for so far (0 off Linux).</summary>
    public static double ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        return getrusage(RusageChildren, out var u) == 0
            ? u.UserSeconds + u.UserMicroseconds / 1e6 + u.SystemSeconds + u.SystemMicroseconds / 1e6
            : 0;
    }

    private const int RusageChildren = -1;

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs (maxrss first).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this assembly for no gain here
    private static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SYSLIB1054
}
