using System.Diagnostics;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>Runs git (Debian's /usr/bin/git) in a folder; fails loudly when git is missing or a command fails.</summary>
public static class Git
{
    public static async Task<string> RunAsync(string workingDir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("git is not on PATH: install Debian's git (apt-get install git).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Generous: a clone of this repository takes about a second; the bound only stops a hung git.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git {string.Join(' ', args)} in {workingDir} failed (exit {process.ExitCode}):\n{await stderr}{await stdout}");
            }
            return await stdout;
        }
    }
}
