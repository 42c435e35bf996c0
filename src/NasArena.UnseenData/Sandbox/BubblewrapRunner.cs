using System.Globalization;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Sandbox;

/// <summary>
/// Runs the harness under bubblewrap (CPU workers): every namespace unshared (no network), the unprivileged uid 65534,
/// read-only system and inputs, size-capped tmpfs for scratch. Predictions and status leave through two file
/// descriptors opened by the launcher on host files, so no host folder is writable from inside; RLIMIT_FSIZE caps them.
/// Memory, process and CPU caps come from a cgroup when the worker may create one, else from rlimits (no CPU cap then).
/// Nothing of the worker's configuration reaches the sandbox: the launcher starts with an empty environment, and bwrap
/// reads its options (which name host paths) from stdin, so that /proc/1/cmdline inside shows "bwrap --args 0" and the
/// harness's command line with sandbox paths only.
/// </summary>
/// <param name="useCgroups">False forces the rlimit fallback (tests of that path on a machine that has cgroups).</param>
public sealed class BubblewrapRunner(string pythonPath = "/usr/bin/python3", bool useCgroups = true) : ISandboxRunner
{
    public const string Bwrap = "/usr/bin/bwrap";
    public const string Prlimit = "/usr/bin/prlimit";
    public const string Setpriv = "/usr/bin/setpriv";
    public const string Env = "/usr/bin/env";
    public const string Shell = "/bin/bash";
    public const int SandboxUid = 65534;

    public string Name => "bubblewrap";

    public async Task<SandboxOutcome> RunAsync(SandboxJob job, CancellationToken ct)
    {
        foreach (var tool in new[] { (Bwrap, "bubblewrap"), (Prlimit, "util-linux"), (pythonPath, "python3 (with python3-numpy and python3-torch)") })
            if (!File.Exists(tool.Item1))
                throw new ScoringConfigurationException($"{tool.Item1} is missing on this worker: install the Debian package {tool.Item2}.");

        var notes = new List<string>();
        string why = "disabled";
        using var cgroup = useCgroups
            ? Cgroup.TryCreate("run-" + Guid.NewGuid().ToString("N"), job.Limits.MemoryBytes, job.Limits.MaxProcesses, out why, job.Limits.CpuCores)
            : null;
        if (cgroup is null) notes.Add($"no cgroup ({why}): memory capped by RLIMIT_DATA, processes by RLIMIT_NPROC, CPU not capped");
        else if (job.Limits.CpuCores > 0) notes.Add(cgroup.CpuCapNote);

        Directory.CreateDirectory(job.OutputDirectory);
        var command = BuildCommand(job, cgroup?.ProcsFiles ?? [], useNprocLimit: cgroup is null, dropRoot: cgroup is null && Environment.IsPrivilegedProcess);
        var deadline = TimeSpan.FromSeconds(job.Limits.TimeLimitSeconds + job.Limits.GraceSeconds);
        var run = await ProcessSupervisor.RunAsync(command.File, command.Arguments, deadline, job.Limits.MaxLogBytes, job.Limits.LogTailBytes,
            () => cgroup?.KillAll(), ct, command.BwrapArgumentsInput(), environment: new Dictionary<string, string>()).ConfigureAwait(false);
        if (cgroup?.CpuThrottledPeriods is > 0 and var throttled) notes.Add($"the CPU cap held the package back in {throttled} periods of 100 ms");
        // The sandbox's own accounting, for the run's compute (ADR 0045); without a cgroup the job counts the reaped processes.
        if (cgroup is not null) ComputeReport.Sandbox(cgroup.CpuSeconds, cgroup.PeakMemoryBytes, cgroup.Version);

        var stop = run.Stop;
        if (cgroup is not null && stop is SandboxStop.Exited or SandboxStop.TimeLimit)
        {
            // The kernel's verdict outranks the exit code and the clock: refused forks or an OOM kill came first and
            // explain whatever followed (a fork bomb may also run into the time limit). Refused forks come before
            // memory: a fork bomb also fills memory, but a memory hog rarely reaches the process cap.
            if (cgroup.ProcessLimitHit)
            {
                if (stop == SandboxStop.TimeLimit) notes.Add("the time limit was reached as well");
                if (cgroup.MemoryLimitHit) notes.Add("the memory cap was reached as well");
                stop = SandboxStop.ProcessLimit;
            }
            else if (cgroup.MemoryLimitHit && stop == SandboxStop.Exited) stop = SandboxStop.MemoryLimit;
            else if (cgroup.MemoryLimitHit) notes.Add("the kernel killed a process of the package for exceeding the memory cap");
        }
        if (run.ExitCode == 125) notes.Add("the launcher could not join the run's cgroup");
        return new SandboxOutcome(stop, run.ExitCode, run.Log.ToString(), run.Log.TotalBytes, run.Elapsed, notes);
    }

    /// <summary>
    /// The launcher command: bash joins the cgroup, opens the two result files as fd 3 and 4, closes any other inherited
    /// descriptor, then execs prlimit, which
    /// execs env -i, which execs bwrap with an empty environment. bwrap reads its options (<see cref="LaunchCommand.BwrapArguments"/>,
    /// NUL-separated, the ones naming host paths) from stdin, so they appear on no command line; the package then finds
    /// stdin at its end, as before. The harness's command line after them names sandbox paths only.
    /// Public so that tests can read the isolation flags.
    /// </summary>
    /// <param name="dropRoot">
    /// RLIMIT_NPROC is not enforced for root (the kernel exempts the root user): without a cgroup, a root worker first
    /// becomes uid 65534 (setpriv) so that the process cap holds. The result descriptors are opened before that.
    /// </param>
    public LaunchCommand BuildCommand(SandboxJob job, IReadOnlyList<string> cgroupProcsFiles, bool useNprocLimit, bool dropRoot = false)
    {
        var l = job.Limits;
        var inv = CultureInfo.InvariantCulture;
        var join = string.Concat(cgroupProcsFiles.Select(f => $"echo $$ > {Quote(f)} || exit 125; "));
        // Descriptors the worker inherited without close-on-exec (seen: a pipe of the test runner's, /dev/null) would
        // reach the package, through its own table and bwrap's init's: every one above 4 is closed (bash: dash takes
        // single-digit descriptors only).
        var script = join +
            $"exec 3> {Quote(Path.Combine(job.OutputDirectory, SandboxOutcome.PredictionsFile))} " +
            $"4> {Quote(Path.Combine(job.OutputDirectory, SandboxOutcome.StatusFile))}; " +
            "for p in /proc/$$/fd/*; do n=${p##*/}; if [ \"$n\" -gt 4 ]; then eval \"exec $n>&-\" 2>/dev/null; fi; done; exec \"$@\"";

        var a = new List<string> { "-c", script, "sandbox-launcher" };
        if (dropRoot) a.AddRange([Setpriv, $"--reuid={SandboxUid}", $"--regid={SandboxUid}", "--clear-groups", "--"]);
        a.AddRange([Prlimit, $"--data={l.MemoryBytes}", $"--fsize={l.OutputBytes}", "--core=0"]);
        if (useNprocLimit) a.Add($"--nproc={l.MaxProcesses}");
        a.AddRange(["--", Env, "-i", Bwrap, "--args", "0"]);

        var b = new List<string>
        {
            "--unshare-all", "--unshare-user", "--uid", $"{SandboxUid}", "--gid", $"{SandboxUid}", "--disable-userns",
            "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
        };
        // BLAS is found through /etc/alternatives; the loader cache speeds up start-up.
        foreach (var etc in new[] { "/etc/alternatives", "/etc/ld.so.cache" })
            if (Path.Exists(etc)) b.AddRange(["--ro-bind", etc, etc]);
        // --unshare-all includes the pid namespace and /proc is mounted anew: only the sandbox's own processes are listed,
        // PID 1 being bwrap's init (empty environment, command line "bwrap --args 0 python3 ...").
        b.AddRange(["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", $"{l.OutputBytes}", "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", $"{l.OutputBytes}", "--tmpfs", "/tmp",
            "--dir", WorkDirectory, "--chdir", WorkDirectory,
            "--ro-bind", job.HarnessDirectory, "/harness",
            "--ro-bind", job.SubmissionDirectory, "/submission",
            "--ro-bind", job.DataDirectory, "/data",
            "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "HOME", WorkDirectory,
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--setenv", "PYTHONUNBUFFERED", "1",
            "--setenv", "OMP_NUM_THREADS", l.CpuThreads.ToString(inv),
            "--setenv", "MKL_NUM_THREADS", l.CpuThreads.ToString(inv),
            "--setenv", "NASARENA_THREADS", l.CpuThreads.ToString(inv)]);
        // bwrap takes only options through --args; the command follows on its command line, naming sandbox paths only.
        a.AddRange([pythonPath, "-u", "/harness/main.py",
            "--submission", "/submission", "--data", "/data", "--workdir", WorkDirectory,
            "--predictions-fd", "3", "--status-fd", "4"]);
        a.AddRange(HarnessContext.Arguments(job));
        return new LaunchCommand(Shell, a, b);
    }

    /// <summary>The package's working directory inside: the harness copies the package there (writable, on sys.path).</summary>
    public const string WorkDirectory = "/tmp/work";

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}

/// <summary>The launcher's file and arguments, and bwrap's own arguments, which travel on the launcher's stdin.</summary>
public sealed record LaunchCommand(string File, IReadOnlyList<string> Arguments, IReadOnlyList<string> BwrapArguments)
{
    /// <summary>bwrap --args format: each argument followed by a NUL byte.</summary>
    public byte[] BwrapArgumentsInput() => System.Text.Encoding.UTF8.GetBytes(string.Concat(BwrapArguments.Select(x => x + "\0")));
}
