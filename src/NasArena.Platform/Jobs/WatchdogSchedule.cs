using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Runs the watchdog every <see cref="JobOptions.WatchdogInterval"/> in every worker process, on a timer of its own.
/// It used to be a Hangfire recurring job on the cpu queue: that waited behind scoring when every worker thread was
/// busy (exactly when workers die under load), and a process killed while running it held Hangfire's distributed lock
/// for 10 minutes. Every step of a pass is a conditional update, safe beside another process's pass (ADR 0011).
/// </summary>
public sealed class WatchdogSchedule(IServiceScopeFactory scopes, IRecurringJobManager recurring, JobOptions options, ILogger<WatchdogSchedule> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Deployments before ADR 0011 registered it as a recurring job: that one must not run beside this.
        recurring.RemoveIfExists(Watchdog.RecurringJobId);
        using var timer = new PeriodicTimer(options.WatchdogInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Watchdog>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be down: the next pass tries again.
                log.LogWarning(e, "A watchdog pass failed; the next one runs in {Interval}", options.WatchdogInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
