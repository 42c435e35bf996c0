using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NasArena.Platform.Data;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Health;

/// <summary>The database answers a connection (EF's CanConnect: opens one and closes it).</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NasArenaDb>().Database.CanConnectAsync(ct)
            ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database is unreachable");
    }
}

/// <summary>Object storage answers a lookup of a key that never exists (S3: the bucket and a HEAD of the object).</summary>
public sealed class ObjectStorageHealthCheck(IObjectStore store) : IHealthCheck
{
    public const string ProbeKey = "health/readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await store.ExistsAsync(ProbeKey, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception (with the server's address) goes to the log, not into the public answer.
            return HealthCheckResult.Unhealthy("object storage is unreachable", e);
        }
    }
}

/// <summary>
/// This process's Hangfire server is registered with the job storage and fetches from every queue it should serve: a
/// worker whose server did not start, or that stopped heartbeating, takes no work and is not ready.
/// </summary>
public sealed class QueuesHealthCheck(JobStorage storage, WorkerOptions worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        // Hangfire names a server "{ServerName}:{guid}" (lower-cased by some versions).
        var prefix = worker.ServerName + ":";
        var server = storage.GetMonitoringApi().Servers()
            .Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Heartbeat ?? DateTime.MinValue);
        if (server is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"no job server of this process ({worker.ServerName}) is registered yet"));
        }
        var missing = worker.ServedQueues.Except(server.Queues, StringComparer.OrdinalIgnoreCase).ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"serving {string.Join(", ", worker.ServedQueues)}")
            : HealthCheckResult.Unhealthy($"the queues {string.Join(", ", missing)} are not served"));
    }
}
