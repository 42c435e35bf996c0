using System.Diagnostics;

namespace Benchmarks.Scoring;

/// <summary>Runs Debian's /usr/bin/python3 (with numpy and scipy) and returns its standard output.</summary>
static class Python
{
    public static string Run(string script, params string[] args)
    {
        const string interpreter = "/usr/bin/python3";
        if (!File.Exists(interpreter)) throw new InvalidOperationException($"{interpreter} is missing: apt-get install python3-numpy python3-scipy");
        var scriptPath = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.py");
        File.WriteAllText(scriptPath, script);
        try
        {
            var start = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(scriptPath);
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"python failed: {stderr.Result}");
            return stdout;
        }
        finally { File.Delete(scriptPath); }
    }
}
