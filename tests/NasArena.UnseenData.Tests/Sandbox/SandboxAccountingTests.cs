using System.Globalization;
using System.Text.RegularExpressions;
using NasArena.Scoring.Contract;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.UnseenData.Tests.Sandbox;

/// <summary>
/// Issue 25, item 7 (ADR 0045): a sandboxed run reports the sandbox's own accounting (its cgroup) to the job's compute
/// report. The package measures itself (getrusage inside the sandbox, an independent reference) and the cgroup must
/// account for at least that: it holds the package's processes and more (the interpreter's start, bwrap's init).
/// </summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed partial class SandboxAccountingTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>Touches 300 MiB of anonymous memory (charged to the sandbox's cgroup, unlike shared library pages), spins one
    /// CPU second, then ends with its own figures as the failure's reason.</summary>
    private static readonly Dictionary<string, string> Measured = PackageSources.WithProcessBody("""
        import resource
        block = bytearray(300 * 1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        start = time.process_time()
        while time.process_time() - start < 1.0:
            pass
        u = resource.getrusage(resource.RUSAGE_SELF)
        raise RuntimeError(f"MEASURED cpu={u.ru_utime + u.ru_stime:.3f} maxrss_kib={u.ru_maxrss}")
        """);

    [Fact]
    public async Task ASandboxedRunReportsItsCgroupsPeakMemoryAndAtLeastTheCpuThePackageMeasuredItself()
    {
        var report = ComputeReport.Begin();
        try
        {
            var r = await _h.RunOne(Measured, SandboxHarness.TorchLimits);
            var own = OwnFigures().Match(r.Reason ?? "");
            Assert.True(own.Success, r.Reason);
            var cpu = double.Parse(own.Groups["cpu"].Value, CultureInfo.InvariantCulture);
            Assert.InRange(cpu, 1.0, 60); // the package's own loop ran one CPU second

            Assert.StartsWith("sandbox cgroup v", report.SandboxSource);
            // The 300 MiB it touched are anonymous pages charged to the group; the 2 GiB cap bounds it from above.
            Assert.InRange(report.SandboxPeakBytes, 300L << 20, 2L << 30);
            if (report.SandboxCpuKnown)
            {
                // The group's CPU holds the package's own and the interpreter's start; it cannot exceed the run's time on
                // every core of this machine (60 s limit).
                Assert.InRange(report.SandboxCpuSeconds, cpu - 0.01, 60.0 * Environment.ProcessorCount);
            }
        }
        finally
        {
            ComputeReport.End();
        }
    }

    [Fact]
    public async Task WithoutACgroupTheSandboxReportsNothingAndTheJobCountsItsReapedProcessesInstead()
    {
        var report = ComputeReport.Begin();
        try
        {
            var job = _h.Job(Measured, new SandboxLimits(60, 2, 2L << 30, 64, 64L << 20, 4L << 20, 4096, 1));
            await new BubblewrapRunner(Python.Interpreter, useCgroups: false).RunAsync(job, CancellationToken.None);
            Assert.Null(report.SandboxSource);
            Assert.Equal(0, report.SandboxPeakBytes);
        }
        finally
        {
            ComputeReport.End();
        }
    }

    [Fact]
    public void OutsideAJobAReportGoesNowhere()
    {
        ComputeReport.End();
        ComputeReport.Sandbox(1, 1, "sandbox cgroup v2"); // no report open: nothing to fail, nothing kept
        var report = ComputeReport.Begin();
        ComputeReport.End();
        Assert.Null(report.SandboxSource);
    }

    [GeneratedRegex(@"MEASURED cpu=(?<cpu>[0-9.]+) maxrss_kib=(?<rss>[0-9]+)")]
    private static partial Regex OwnFigures();
}
