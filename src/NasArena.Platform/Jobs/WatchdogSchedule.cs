using Hangfire;
using Microsoft.Extensions.Hosting;

namespace NasArena.Platform.Jobs;

/// <summary>Registers the watchdog as a recurring job; Hangfire's distributed lock lets one server at a time run it.</summary>
public sealed class WatchdogSchedule(IRecurringJobManager recurring, JobOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<Watchdog>(Watchdog.RecurringJobId, Queues.Cpu, w => w.RunAsync(CancellationToken.None), options.WatchdogCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
