using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the app that cuts one request off mid-body, as a dropped connection would: the
/// <paramref name="dropPut"/>-th connection that starts with "PUT " is reset after <paramref name="dropAfterBytes"/>
/// bytes (headers and part of the chunk). Every other connection is passed through untouched.
/// </summary>
public sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly int _dropPut;
    private readonly int _dropAfterBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _puts;

    public DroppingProxy(Uri target, int dropPut, int dropAfterBytes)
    {
        _target = target;
        _dropPut = dropPut;
        _dropAfterBytes = dropAfterBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>How many PUT requests came through (the dropped one included).</summary>
    public int Puts => Volatile.Read(ref _puts);

    public bool Dropped { get; private set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port);
            var first = new byte[64 * 1024];
            var n = await client.ReceiveAsync(first);
            if (n == 0)
            {
                return;
            }
            if (Encoding.ASCII.GetString(first, 0, Math.Min(n, 4)) == "PUT " && Interlocked.Increment(ref _puts) == _dropPut)
            {
                // Headers and the start of the body reach the app, then the connection is reset (linger 0: RST, not FIN).
                await server.SendAsync(first.AsMemory(0, Math.Min(n, _dropAfterBytes)));
                Dropped = true;
                client.LingerState = new LingerOption(true, 0);
                server.LingerState = new LingerOption(true, 0);
                return;
            }
            await server.SendAsync(first.AsMemory(0, n));
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (SocketException)
        {
            // Either side went away: so does the other.
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n));
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}
