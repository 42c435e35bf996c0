using System.Net;
using System.Net.Sockets;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// A loopback TCP relay in front of the app that really drops a transfer: once <see cref="CutAfter"/> bytes have gone
/// from the browser to the app, the connection carrying them is reset in the middle of whatever it was sending, and
/// every new connection is refused (reset on accept) until <see cref="Restore"/>, so that Chromium's own silent resend
/// fails too and the page sees the network error. Chromium would also resend over an idle keep-alive connection, so
/// at the cut every HTTP connection is reset, all but the Blazor circuit's WebSocket (the page stays up). It counts every byte the browser sent the app.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _upstream;
    private volatile bool _down;
    private int _hasCut;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TcpClient, bool> _http = new(); // client side -> is it the circuit's WebSocket

    public CuttingProxy(Uri target, long cutAfter)
    {
        _target = target.Port;
        CutAfter = cutAfter;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public long CutAfter { get; }

    /// <summary>Every byte the browser sent the app through here, requests' headers included.</summary>
    public long BytesToApp => Interlocked.Read(ref _upstream);

    /// <summary>Completes when the connection has been cut.</summary>
    public Task Cut => _cut.Task;

    public void Restore() => _down = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_down)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var done = await Task.WhenAny(PumpAsync(client, server, toApp: true), PumpAsync(server, client, toApp: false));
            await done;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // One side went away (a reset, or the cut): the other goes with it, as with a real dropped connection.
        }
        catch (SocketException)
        {
        }
        finally
        {
            _http.TryRemove(client, out _);
            Reset(client);
            Reset(server);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toApp)
    {
        var buffer = new byte[1 << 16];
        var source = from.GetStream();
        var sink = to.GetStream();
        var first = true;
        while (true)
        {
            var read = await source.ReadAsync(buffer, _stop.Token);
            if (toApp && first && read > 0)
            {
                first = false;
                var head = System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 2048));
                _http[from] = head.StartsWith("GET /_blazor", StringComparison.Ordinal) && head.Contains("websocket", StringComparison.OrdinalIgnoreCase);
            }
            if (read == 0)
            {
                to.Client.Shutdown(SocketShutdown.Send);
                return;
            }
            if (toApp && Interlocked.Add(ref _upstream, read) >= CutAfter && Interlocked.Exchange(ref _hasCut, 1) == 0)
            {
                // Half of this read reaches the app, then both sides are reset: the app sees a body cut short.
                _down = true;
                await sink.WriteAsync(buffer.AsMemory(0, read / 2), _stop.Token);
                Interlocked.Add(ref _upstream, -(read - read / 2));
                Reset(from);
                Reset(to);
                try
                {
                    foreach (var (client, circuit) in _http)
                    {
                        if (!circuit)
                        {
                            Reset(client);
                        }
                    }
                }
                finally
                {
                    _cut.TrySetResult(); // the test waits on it: it must learn of the cut whatever happened above
                }
                return;
            }
            await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            // A client closed already (by its relay's own end) has no socket any more: nothing to reset.
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0); // RST, not FIN: a dropped connection, not a finished one
            }
            client.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }
}
