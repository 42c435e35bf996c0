using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace NasArena.Testing;

/// <summary>Free loopback ports and processes run to their end.</summary>
public static class Os
{
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {await stderr}");
        }
        return await stdout;
    }

    public static async Task WaitForPortAsync(int port, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"{what} did not listen on 127.0.0.1:{port} within {patience.TotalSeconds:0} s.");
            }
        }
    }
}

/// <summary>A PostgreSQL 15 cluster of this run's own (it is restarted on purpose); owned by the postgres user (it refuses root).</summary>
public sealed class Postgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly int _port;

    private Postgres(string dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    /// <summary>For this run's own rare admin statements (CREATE DATABASE): never a pooled connection from before a restart.</summary>
    public string AdminConnectionString => ConnectionString("postgres") + ";Pooling=false";

    public static async Task<Postgres> StartAsync(string root)
    {
        var dir = Path.Combine(root, "pg");
        Directory.CreateDirectory(dir);
        await Os.RunAsync("chown", "postgres:postgres", root, dir);
        await Os.RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/initdb", "-D", dir, "-U", "postgres", "--auth=trust");
        var pg = new Postgres(dir, Os.FreePort());
        await pg.StartAsync();
        await using var connection = new NpgsqlConnection(pg.AdminConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand("CREATE DATABASE nasarena", connection).ExecuteNonQueryAsync();
        return pg;
    }

    private Task StartAsync() => Os.RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", _dir, "-l", Path.Combine(_dir, "server.log"),
        "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off", "-w", "start");

    /// <summary>As a crash would: immediate stop (no checkpoint, connections cut), then a start.</summary>
    public async Task RestartAsync()
    {
        await Os.RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", _dir, "-m", "immediate", "stop");
        await StartAsync();
        // This process's pooled connections died with the server; the next experiment must not pick one up.
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Os.RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", _dir, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
        }
    }
}

/// <summary>s3rver of this run's own, stopped and started again on the same port and folder (its objects survive).</summary>
public sealed class S3Server : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private Process? _process;

    public int Port { get; } = Os.FreePort();
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public S3Server(string repo, string root)
    {
        _bin = Path.Combine(repo, ".tools", "node_modules", ".bin", "s3rver");
        _dir = Directory.CreateDirectory(Path.Combine(root, "s3")).FullName;
        if (!File.Exists(_bin))
        {
            throw new FileNotFoundException($"s3rver is not installed ({_bin}): scripts/install-test-deps.sh installs it.");
        }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--silent", "--address", "127.0.0.1", "--port", Port.ToString(), "--directory", _dir })
        {
            start.ArgumentList.Add(a);
        }
        _process = Process.Start(start)!;
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        await Os.WaitForPortAsync(Port, TimeSpan.FromSeconds(60), "s3rver");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
