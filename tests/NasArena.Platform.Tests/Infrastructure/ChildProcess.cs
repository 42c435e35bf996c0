using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// A shell command run as a user would run it (bash -c, in a folder), its output collected as it comes. Disposing it
/// kills the whole process tree (SIGKILL): nothing it started outlives the test, whatever the test's outcome.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    public string Command { get; }

    /// <summary>The process id: bash's, or the program's when the command starts with `exec`.</summary>
    public int Id => _process.Id;

    private ChildProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    /// <summary>Runs `bash -c command` in the folder with the given environment (null values remove a variable).</summary>
    public static ChildProcess Start(string folder, string command, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, command);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _closed.TrySetResult();
            }
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }

    /// <summary>Stdout and stderr so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The first match of the pattern in the output. Fails, saying what it waited for and showing the output, when the
    /// timeout passes or the process ends without printing it.
    /// </summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (pattern.Match(Output) is { Success: true } match)
            {
                return match;
            }
            if (_process.HasExited)
            {
                // The last lines may still be in the pipe.
                await Task.WhenAny(_closed.Task, Task.Delay(TimeSpan.FromSeconds(5)));
                if (pattern.Match(Output) is { Success: true } late)
                {
                    return late;
                }
                Assert.Fail($"`{Command}` ended (exit {_process.ExitCode}) after {clock.Elapsed:mm\\:ss} without printing {what}. Its output:\n{Output}");
            }
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"`{Command}` did not print {what} within {timeout.TotalMinutes:0.#} minutes. Its output so far:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the process to end by itself; fails with the output when it does not within the timeout.</summary>
    public async Task<int> WaitForExitAsync(string what, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"`{Command}` ({what}) did not end within {timeout.TotalMinutes:0.#} minutes. Its output so far:\n{Output}");
        }
        await Task.WhenAny(_closed.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        return _process.ExitCode;
    }

    /// <summary>kill -9 of the whole tree (bash, dotnet run, the app and whatever it started), then waits for the end.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had ended already.
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
