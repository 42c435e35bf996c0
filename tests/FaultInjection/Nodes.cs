using System.Diagnostics;

namespace FaultInjection;

/// <summary>One NasArena process (the web or a worker) as a supervisor runs it: started, killed with SIGKILL, started again.</summary>
public sealed class Node(string name, string dll, IReadOnlyDictionary<string, string> env, string[] args) : IDisposable
{
    private Process? _process;

    public string Name => name;
    public int Kills { get; private set; }

    private static ProcessStartInfo StartInfo(string dll, IReadOnlyDictionary<string, string> env, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }
        return start;
    }

    public void Start()
    {
        _process = Process.Start(StartInfo(dll, env, args))!;
        var log = Path.Combine(Path.GetDirectoryName(env["Storage__ScratchDir"])!, $"{name}.log");
        _ = Pump(_process.StandardOutput, log);
        _ = Pump(_process.StandardError, log);
    }

    private static async Task Pump(StreamReader from, string log)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (typeof(Node))
            {
                File.AppendAllText(log, line + "\n");
            }
        }
    }

    /// <summary>kill -9 of the process (and anything it started, as the kernel does to a container's tree).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Kills++;
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    public static async Task RunToEndAsync(string dll, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var p = Process.Start(StartInfo(dll, env, args))!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(dll)} {string.Join(' ', args)} exited with {p.ExitCode}: {await err}");
        }
    }
}
