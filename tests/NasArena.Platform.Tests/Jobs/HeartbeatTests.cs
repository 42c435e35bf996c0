using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>Heartbeats cannot starve behind CPU-bound scoring that holds the thread pool (issue 8).</summary>
[Trait("Category", "Unit")]
public sealed class HeartbeatTests
{
    [Fact]
    public async Task HeartbeatsRunOnAThreadOfTheirOwnNotOnTheThreadPool()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var pool = new List<bool>();
        var beaten = new TaskCompletionSource();
        using (new Heartbeat(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromMilliseconds(10), _ =>
               {
                   lock (pool)
                   {
                       pool.Add(Thread.CurrentThread.IsThreadPoolThread);
                       if (pool.Count == 3)
                       {
                           beaten.TrySetResult();
                       }
                   }
                   return true;
               }, () => { }, NullLogger.Instance, "test"))
        {
            await beaten.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        lock (pool)
        {
            Assert.All(pool, Assert.False);
        }
    }

    [Fact]
    public async Task AHeartbeatThatFailsKeepsBeatingAndOneThatSaysNoStopsTheWork()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var beats = 0;
        var lost = new TaskCompletionSource();
        using (new Heartbeat(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromMilliseconds(10), _ =>
               {
                   // Two failures (the database restarting), then "no longer yours".
                   return ++beats <= 2 ? throw new TimeoutException("database restarting") : false;
               }, () => lost.TrySetResult(), NullLogger.Instance, "test"))
        {
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        Assert.Equal(3, beats);
    }
}
