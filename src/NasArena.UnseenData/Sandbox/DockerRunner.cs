using System.Diagnostics;
using System.Globalization;

namespace NasArena.UnseenData.Sandbox;

/// <summary>
/// Runs the harness in a Docker container (GPU nodes, image from deploy/sandbox/Dockerfile): no network, GPUs passed
/// through, memory/pids caps from the engine, read-only root, all capabilities dropped, no privilege gain, uid 65534,
/// inputs mounted read-only and one output folder, CPU capped by --cpus. The container's
/// environment holds only the --env values below: the docker CLI's own environment does not enter it. See docs/unseen-data.md for how to verify it on a GPU node.
/// </summary>
public sealed class DockerRunner(string image, string gpus = "all", string dockerPath = "docker") : ISandboxRunner
{
    public string Name => "docker";

    public async Task<SandboxOutcome> RunAsync(SandboxJob job, CancellationToken ct)
    {
        var container = "nasarena-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(job.OutputDirectory);
        var deadline = TimeSpan.FromSeconds(job.Limits.TimeLimitSeconds + job.Limits.GraceSeconds);
        try
        {
            var run = await ProcessSupervisor.RunAsync(dockerPath, BuildRunArguments(job, container), deadline,
                job.Limits.MaxLogBytes, job.Limits.LogTailBytes, () => Docker("kill", container), ct).ConfigureAwait(false);
            var stop = run.Stop;
            if (stop == SandboxStop.Exited && Docker("inspect", "--format", "{{.State.OOMKilled}}", container).Trim() == "true")
                stop = SandboxStop.MemoryLimit;
            return new SandboxOutcome(stop, run.ExitCode, run.Log.ToString(), run.Log.TotalBytes, run.Elapsed, []);
        }
        finally
        {
            Docker("rm", "-f", container);
        }
    }

    /// <summary>The `docker run` arguments (public so tests can check every isolation flag without a Docker engine).</summary>
    public IReadOnlyList<string> BuildRunArguments(SandboxJob job, string containerName)
    {
        var l = job.Limits;
        var inv = CultureInfo.InvariantCulture;
        var a = new List<string>
        {
            "run", "--name", containerName,
            "--network", "none",
            "--memory", l.MemoryBytes.ToString(inv),
            "--memory-swap", l.MemoryBytes.ToString(inv), // equal to --memory: no swap on top
            "--pids-limit", l.MaxProcesses.ToString(inv),
            "--read-only",
            "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "--user", "65534:65534",
            "--ulimit", $"fsize={l.OutputBytes}:{l.OutputBytes}",
            "--ulimit", "core=0:0",
            "--tmpfs", $"/tmp:rw,nosuid,nodev,size={l.OutputBytes},mode=1777",
            "--shm-size", l.OutputBytes.ToString(inv),
            "--workdir", "/tmp",
            "--mount", $"type=bind,source={job.HarnessDirectory},target=/harness,readonly",
            "--mount", $"type=bind,source={job.SubmissionDirectory},target=/submission,readonly",
            "--mount", $"type=bind,source={job.DataDirectory},target=/data,readonly",
            "--mount", $"type=bind,source={job.OutputDirectory},target=/out",
            "--env", "HOME=/tmp",
            "--env", "PYTHONDONTWRITEBYTECODE=1",
            "--env", "PYTHONUNBUFFERED=1",
            "--env", $"OMP_NUM_THREADS={l.CpuThreads}",
            "--env", $"NASARENA_THREADS={l.CpuThreads}",
        };
        if (!string.IsNullOrEmpty(gpus)) a.InsertRange(3, ["--gpus", gpus]);
        if (l.CpuCores > 0) a.InsertRange(3, ["--cpus", l.CpuCores.ToString("0.###", inv)]);
        a.AddRange([image, "python3", "-u", "/harness/main.py",
            "--submission", "/submission", "--data", "/data", "--workdir", "/tmp/work", "--out", "/out"]);
        a.AddRange(HarnessContext.Arguments(job));
        return a;
    }

    private string Docker(params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(dockerPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit(30_000);
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
