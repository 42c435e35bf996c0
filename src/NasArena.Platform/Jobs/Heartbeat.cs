using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Proves a running job alive from a thread of its own, with synchronous database calls. Scoring is CPU-bound
/// (TorchSharp, a sandbox's output pump) and can hold every thread-pool thread of a busy worker: a heartbeat queued
/// behind it on the pool would make a busy worker look dead to the watchdog. A dedicated thread is scheduled by the OS
/// whatever the pool is doing.
/// </summary>
public sealed class Heartbeat : IDisposable
{
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    /// <param name="beat">Writes one heartbeat with the services of the thread's own scope (a DbContext is not
    /// thread-safe); false when the work is no longer this job's (cancelled, taken over).</param>
    /// <param name="lost">Called once, from the heartbeat thread, when <paramref name="beat"/> said false.</param>
    public Heartbeat(IServiceScopeFactory scopes, TimeSpan interval, Func<IServiceProvider, bool> beat, Action lost, ILogger log, string name)
    {
        _thread = new Thread(() => Run(scopes, interval, beat, lost, log)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    private void Run(IServiceScopeFactory scopes, TimeSpan interval, Func<IServiceProvider, bool> beat, Action lost, ILogger log)
    {
        using var scope = scopes.CreateScope();
        while (!_stop.Wait(interval))
        {
            try
            {
                if (!beat(scope.ServiceProvider))
                {
                    lost();
                    return;
                }
            }
            catch (Exception e)
            {
                // The database may be restarting: keep beating, the next one may get through. Only a "no" stops the work.
                log.LogWarning(e, "A heartbeat could not be written; trying again in {Interval}", interval);
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        // A beat stuck on an unreachable database must not hold up the job's end; the thread ends after it.
        if (_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _stop.Dispose();
        }
    }
}
