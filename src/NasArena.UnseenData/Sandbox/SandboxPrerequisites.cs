using System.Diagnostics;

namespace NasArena.UnseenData.Sandbox;

/// <summary>
/// What a worker needs to run participants' packages, checked at its start (the track's "runner" setting is chosen per
/// track, so a worker passes when either runner can run): bubblewrap with python3 and the modules the starting kit's
/// packages import, and a sandbox that actually starts (user namespaces may be denied: a container without the
/// right seccomp or AppArmor profile, ADR 0014); or a Docker engine that answers.
/// </summary>
public static class SandboxPrerequisites
{
    /// <summary>Module → Debian package. numpy for the harness; torch, torchvision and scikit-learn for the kit's packages.</summary>
    public static readonly IReadOnlyDictionary<string, string> PythonModules = new Dictionary<string, string>
    {
        ["numpy"] = "python3-numpy",
        ["torch"] = "python3-torch",
        ["torchvision"] = "python3-torchvision",
        ["sklearn"] = "python3-sklearn",
    };

    public static IReadOnlyList<string> Missing(string pythonPath = "/usr/bin/python3", string dockerPath = "docker")
    {
        var bubblewrap = MissingForBubblewrap(pythonPath);
        if (bubblewrap.Count == 0 || DockerAnswers(dockerPath))
        {
            return [];
        }
        return [.. bubblewrap, "(or a Docker engine for the docker runner: `docker version` got no answer from one)"];
    }

    public static IReadOnlyList<string> MissingForBubblewrap(string pythonPath)
    {
        var missing = new List<string>();
        foreach (var (tool, package) in new[] { (BubblewrapRunner.Bwrap, "bubblewrap"), (BubblewrapRunner.Prlimit, "util-linux"), (BubblewrapRunner.Shell, "bash") })
        {
            if (!File.Exists(tool))
            {
                missing.Add($"{tool} is missing: install the Debian package {package}.");
            }
        }
        if (!File.Exists(pythonPath))
        {
            missing.Add($"{pythonPath} is missing: install python3 with {string.Join(", ", PythonModules.Keys)}.");
        }
        else
        {
            // find_spec looks a module up without importing it: milliseconds, where importing torch takes seconds.
            var probe = "import importlib.util as u; print(' '.join(m for m in [" + string.Join(", ", PythonModules.Keys.Select(m => $"'{m}'")) +
                "] if u.find_spec(m) is None))";
            var (exit, output) = Run(pythonPath, ["-c", probe]);
            var absent = exit == 0 ? output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [.. PythonModules.Keys];
            if (absent.Length > 0)
            {
                missing.Add($"{pythonPath} lacks the modules {string.Join(", ", absent)} (Debian: {string.Join(' ', absent.Select(m => PythonModules[m]))}).");
            }
        }
        if (File.Exists(BubblewrapRunner.Bwrap) && SandboxStartProblem() is { } problem)
        {
            missing.Add(problem);
        }
        return missing;
    }

    /// <summary>
    /// Starts an empty sandbox with the namespaces the runner asks for. Inside a container this is where a denied user
    /// namespace shows ("No permissions to create new namespace"), at start rather than at the first submission.
    /// </summary>
    private static string? SandboxStartProblem()
    {
        var (exit, output) = Run(BubblewrapRunner.Bwrap, ["--unshare-all", "--unshare-user", "--uid", $"{BubblewrapRunner.SandboxUid}",
            "--gid", $"{BubblewrapRunner.SandboxUid}", "--disable-userns", "--die-with-parent", "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
            "--proc", "/proc", "--dev", "/dev", "/usr/bin/true"]);
        return exit == 0 ? null
            : $"bubblewrap cannot start a sandbox here ({output.Trim()}): it needs unprivileged user namespaces (on Kubernetes: " +
              "the pod settings of docs/decisions/0014-sandbox-on-kubernetes.md).";
    }

    private static bool DockerAnswers(string dockerPath)
    {
        try
        {
            return Run(dockerPath, ["version", "--format", "{{.Server.Version}}"]).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }

    private static (int Exit, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        // A client that hangs on an absent engine must not hold the start: 30 s, then it counts as not answering.
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "no answer within 30 s");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
