using System.Globalization;
using NasArena.Scoring.Contract;

namespace NasArena.Sandbox.Sandbox;

/// <summary>
/// Runs the harness under bubblewrap (CPU workers): every namespace unshared (no network), the unprivileged uid 65534,
/// read-only system and inputs, size-capped tmpfs for scratch. Predictions and status leave through two file
/// descriptors opened by the launcher on host files, so no host folder is writable from inside; RLIMIT_FSIZE caps them.
/// Memory and process caps come from a cgroup when the worker may create one, else from rlimits.
/// </summary>
/// <param name="useCgroups">False forces the rlimit fallback (tests of that path on a machine that has cgroups).</param>
public sealed class BubblewrapRunner(string pythonPath = "/usr/bin/python3", bool useCgroups = true) : ISandboxRunner
{
    public const string Bwrap = "/usr/bin/bwrap";
    public const string Prlimit = "/usr/bin/prlimit";
    public const string Setpriv = "/usr/bin/setpriv";
    public const int SandboxUid = 65534;

    public string Name => "bubblewrap";

    public async Task<SandboxOutcome> RunAsync(SandboxJob job, CancellationToken ct)
    {
        foreach (var tool in new[] { (Bwrap, "bubblewrap"), (Prlimit, "util-linux"), (pythonPath, "python3 (with python3-numpy and python3-torch)") })
            if (!File.Exists(tool.Item1))
                throw new ScoringConfigurationException($"{tool.Item1} is missing on this worker: install the Debian package {tool.Item2}.");

        var notes = new List<string>();
        string why = "disabled";
        using var cgroup = useCgroups ? Cgroup.TryCreate("run-" + Guid.NewGuid().ToString("N"), job.Limits.MemoryBytes, job.Limits.MaxProcesses, out why) : null;
        if (cgroup is null) notes.Add($"no cgroup ({why}): memory capped by RLIMIT_DATA, processes by RLIMIT_NPROC");

        Directory.CreateDirectory(job.OutputDirectory);
        var (file, args) = BuildCommand(job, cgroup?.ProcsFiles ?? [], useNprocLimit: cgroup is null, dropRoot: cgroup is null && Environment.IsPrivilegedProcess);
        var deadline = TimeSpan.FromSeconds(job.Limits.TimeLimitSeconds + job.Limits.GraceSeconds);
        var run = await ProcessSupervisor.RunAsync(file, args, deadline, job.Limits.MaxLogBytes, job.Limits.LogTailBytes,
            () => cgroup?.KillAll(), ct).ConfigureAwait(false);

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
    /// The launcher command: /bin/sh joins the cgroup, opens the two result files as fd 3 and 4, then execs prlimit, which
    /// execs bwrap, which runs the harness. Public so that tests can read the isolation flags.
    /// </summary>
    /// <param name="dropRoot">
    /// RLIMIT_NPROC is not enforced for root (the kernel exempts the root user): without a cgroup, a root worker first
    /// becomes uid 65534 (setpriv) so that the process cap holds. The result descriptors are opened before that.
    /// </param>
    public (string File, IReadOnlyList<string> Arguments) BuildCommand(SandboxJob job, IReadOnlyList<string> cgroupProcsFiles, bool useNprocLimit, bool dropRoot = false)
    {
        var l = job.Limits;
        var inv = CultureInfo.InvariantCulture;
        var join = string.Concat(cgroupProcsFiles.Select(f => $"echo $$ > {Quote(f)} || exit 125; "));
        var script = join +
            $"exec 3> {Quote(Path.Combine(job.OutputDirectory, SandboxOutcome.PredictionsFile))} " +
            $"4> {Quote(Path.Combine(job.OutputDirectory, SandboxOutcome.StatusFile))}; exec \"$@\"";

        var a = new List<string> { "-c", script, "sandbox-launcher" };
        if (dropRoot) a.AddRange([Setpriv, $"--reuid={SandboxUid}", $"--regid={SandboxUid}", "--clear-groups", "--"]);
        a.AddRange([Prlimit, $"--data={l.MemoryBytes}", $"--fsize={l.OutputBytes}", "--core=0"]);
        if (useNprocLimit) a.Add($"--nproc={l.MaxProcesses}");
        a.AddRange(["--", Bwrap,
            "--unshare-all", "--unshare-user", "--uid", $"{SandboxUid}", "--gid", $"{SandboxUid}", "--disable-userns",
            "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"]);
        // BLAS is found through /etc/alternatives; the loader cache speeds up start-up.
        foreach (var etc in new[] { "/etc/alternatives", "/etc/ld.so.cache" })
            if (Path.Exists(etc)) a.AddRange(["--ro-bind", etc, etc]);
        a.AddRange(["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", $"{l.OutputBytes}", "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", $"{l.OutputBytes}", "--tmpfs", "/tmp",
            "--dir", "/tmp/work", "--chdir", "/tmp/work",
            "--ro-bind", job.HarnessDirectory, "/harness",
            "--ro-bind", job.SubmissionDirectory, "/submission",
            "--ro-bind", job.DataDirectory, "/data",
            "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "HOME", "/tmp/work",
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--setenv", "PYTHONUNBUFFERED", "1",
            "--setenv", "OMP_NUM_THREADS", l.CpuThreads.ToString(inv),
            "--setenv", "MKL_NUM_THREADS", l.CpuThreads.ToString(inv),
            "--setenv", "NASARENA_THREADS", l.CpuThreads.ToString(inv),
            pythonPath, "-u", "/harness/main.py",
            "--submission", "/submission", "--data", "/data",
            "--time-limit", l.TimeLimitSeconds.ToString("R", inv),
            "--predictions-fd", "3", "--status-fd", "4"]);
        return ("/bin/sh", a);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
