namespace NasArena.Web.Components.Shared;

/// <summary>
/// A page's live refresh: the worker shares only the database with the web process, so a page that shows something not
/// final yet reads it again every period (ui.md: no extra hub). One tick at a time; <c>tick</c> answers whether to go on.
/// Disposing stops it. A tick that throws is logged and ends the polling: a fire-and-forget loop would otherwise die
/// unseen, and the page would look live while showing stale figures.
/// </summary>
public sealed class Poller(ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;

    public bool Running => _timer is not null;

    /// <summary>Starts ticking unless already running (a later call while it runs is a no-op).</summary>
    public void Start(TimeSpan period, Func<CancellationToken, Task<bool>> tick)
    {
        if (_timer is not null || _stop.IsCancellationRequested)
        {
            return;
        }
        _timer = new PeriodicTimer(period);
        _ = LoopAsync(_timer, tick, _stop.Token);
    }

    private async Task LoopAsync(PeriodicTimer timer, Func<CancellationToken, Task<bool>> tick, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct) && await tick(ct))
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The component or its circuit went away.
        }
        catch (Exception e)
        {
            logger.LogError(e, "A page's polling failed; the page stops refreshing");
        }
        finally
        {
            timer.Dispose();
            if (ReferenceEquals(_timer, timer))
            {
                _timer = null;
            }
        }
    }

    /// <summary>Stops the current polling; <see cref="Start"/> may start it again later.</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Stop();
    }
}
