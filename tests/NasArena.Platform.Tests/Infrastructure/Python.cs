using System.Diagnostics;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>Runs Debian's /usr/bin/python3 (the client is standard library only); fails loudly when it is missing.</summary>
public static class Python
{
    public const string Path = "/usr/bin/python3";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string workingDir, string? stdin, params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's python3 (scripts/install-test-deps.sh does).");
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("NASARENA_URL");
        start.Environment.Remove("NASARENA_TOKEN");
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
