using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Health;

/// <summary>
/// The worker's health endpoints (<see cref="NasArenaHealth"/>) on <see cref="WorkerOptions.HealthPort"/>: the worker is a
/// generic host without HTTP, so a small Kestrel of its own answers the probes, with the worker's own checks. Nothing
/// else is served on it.
/// </summary>
public sealed class HealthListener(WorkerOptions worker, HealthCheckService health, ILogger<HealthListener> log) : IHostedService
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (worker.HealthPort is not { } port)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(port));
        _app = builder.Build();
        _app.MapNasArenaHealth(health);
        await _app.StartAsync(cancellationToken);
        log.LogInformation("Health listener on port {Port}: {Live} and {Ready}", port, NasArenaHealth.LivePath, NasArenaHealth.ReadyPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
        }
    }
}
