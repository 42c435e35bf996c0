using System.Diagnostics;

namespace NasArena.Supernet.Tests.Infrastructure;

/// <summary>Runs Debian's /usr/bin/python3 (with python3-torch, -numpy, -scipy); never the pyenv python on PATH.</summary>
public static class Python
{
    const string Interpreter = "/usr/bin/python3";

    public static string Run(IEnumerable<string> args, string? workingDirectory = null, string? stdin = null)
    {
        if (!File.Exists(Interpreter))
            throw new InvalidOperationException("/usr/bin/python3 is missing: run scripts/install-test-deps.sh (apt-get install python3-torch python3-numpy python3-scipy).");
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"python3 {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}\n" +
                "If a module is missing: scripts/install-test-deps.sh installs python3-torch, python3-numpy, python3-scipy.");
        return stdout.Result;
    }

    public static string RunCode(string code, params string[] args) => Run(["-c", code, .. args]);
}
