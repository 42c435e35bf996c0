using System.Diagnostics;

namespace NasArena.UnseenData.Sandbox;

/// <summary>What the supervisor saw; the runner adds what only it knows (cgroup events).</summary>
public sealed record SupervisedRun(SandboxStop Stop, int? ExitCode, LogTail Log, TimeSpan Elapsed);

/// <summary>
/// Starts a sandbox process, drains stdout and stderr into one bounded tail, and kills it on the deadline, on a log
/// flood or on cancellation. The runner's kill action takes down everything the process started (cgroup, container).
/// </summary>
public static class ProcessSupervisor
{
    /// <param name="standardInput">Written to the process's stdin, which is then closed (a run reads EOF after it).</param>
    /// <param name="environment">When given, the process's whole environment: nothing of the worker's is inherited.</param>
    public static async Task<SupervisedRun> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan deadline, long maxLogBytes, int tailBytes,
        Action killEverything, CancellationToken ct, byte[]? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        }
        var log = new LogTail(tailBytes);
        var flood = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var process = await StartOnOwnThread(psi).ConfigureAwait(false);
        if (standardInput is not null)
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(standardInput, ct).ConfigureAwait(false);
            }
            catch (IOException) { } // the launcher died before reading: its exit code tells
        }
        process.StandardInput.Close(); // the package gets no stdin (EOF after what the launcher reads)

        using var pumpStop = new CancellationTokenSource();
        var pumps = new[]
        {
            Pump(process.StandardOutput.BaseStream, log, maxLogBytes, flood, pumpStop.Token),
            Pump(process.StandardError.BaseStream, log, maxLogBytes, flood, pumpStop.Token),
        };

        var exited = process.WaitForExitAsync(CancellationToken.None);
        using var timer = new CancellationTokenSource(deadline);
        var timeout = Task.Delay(Timeout.Infinite, timer.Token);
        var cancelled = Task.Delay(Timeout.Infinite, ct);
        var first = await Task.WhenAny(exited, timeout, flood.Task, cancelled).ConfigureAwait(false);
        var stop = first == exited ? SandboxStop.Exited
            : first == flood.Task ? SandboxStop.LogLimit
            : first == cancelled ? SandboxStop.Cancelled
            : SandboxStop.TimeLimit;
        if (stop != SandboxStop.Exited)
        {
            Kill(process, killEverything);
            // A process in uninterruptible sleep may take a moment; keep killing until it is gone.
            while (!exited.IsCompleted)
            {
                if (await Task.WhenAny(exited, Task.Delay(1000, CancellationToken.None)).ConfigureAwait(false) != exited)
                    Kill(process, killEverything);
            }
        }
        var elapsed = clock.Elapsed;
        // Everything inside is dead once the sandbox is; if some descendant still holds a pipe, stop waiting after a while.
        killEverything();
        var drained = Task.WhenAll(pumps);
        if (await Task.WhenAny(drained, Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false) != drained)
            pumpStop.Cancel();
        try { await drained.ConfigureAwait(false); } catch (OperationCanceledException) { }
        return new SupervisedRun(stop, stop == SandboxStop.Exited ? process.ExitCode : null, log, elapsed);
    }

    /// <summary>
    /// bwrap --die-with-parent uses PR_SET_PDEATHSIG, which fires when the parent THREAD ends, not the parent process.
    /// A process forked from a thread-pool thread is killed whenever the pool retires that thread (seen here as a random
    /// SIGKILL a few seconds into a run). So the fork happens on a dedicated thread that lives until the child exits.
    /// </summary>
    private static Task<Process> StartOnOwnThread(ProcessStartInfo psi)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {psi.FileName}.");
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }
            started.SetResult(process);
            try { process.WaitForExit(); } catch (InvalidOperationException) { }
        })
        { IsBackground = true, Name = "sandbox-parent" };
        thread.Start();
        return started.Task;
    }

    private static void Kill(Process process, Action killEverything)
    {
        try { killEverything(); } catch (Exception) { /* best effort: the process-tree kill below still runs */ }
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }

    private static async Task Pump(Stream stream, LogTail log, long maxLogBytes, TaskCompletionSource flood, CancellationToken ct)
    {
        var buffer = new byte[64 << 10];
        while (true)
        {
            int n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n == 0) return;
            log.Append(buffer.AsSpan(0, n));
            if (log.TotalBytes > maxLogBytes) flood.TrySetResult();
        }
    }
}
