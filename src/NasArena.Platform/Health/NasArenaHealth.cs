using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NasArena.Platform.Health;

/// <summary>
/// Liveness and readiness, the same two endpoints on the web and on the worker's health listener. Liveness runs no
/// check: a restart cures a hung process, not an unreachable database (restarting every pod during a database outage
/// only adds load). Readiness checks the dependencies: a web pod that cannot reach them leaves the Service's endpoints.
/// </summary>
public static class NasArenaHealth
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string ReadyTag = "ready";

    public const string Database = "database";
    public const string ObjectStorage = "object storage";
    public const string Queues = "queues";

    /// <summary>Each check gets 5 s: a dependency that does not answer by then counts as down (probes time out after 10 s).</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <param name="servesQueues">The process runs a Hangfire server (the worker, the embedded mode): readiness also needs it serving its queues.</param>
    public static IServiceCollection AddNasArenaHealth(this IServiceCollection services, bool servesQueues)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(Database, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<ObjectStorageHealthCheck>(ObjectStorage, tags: [ReadyTag], timeout: CheckTimeout);
        if (servesQueues)
        {
            checks.AddCheck<QueuesHealthCheck>(Queues, tags: [ReadyTag], timeout: CheckTimeout);
        }
        return services;
    }

    /// <summary>Maps both endpoints on <paramref name="endpoints"/>, answered by <paramref name="health"/> (the process's checks).</summary>
    public static void MapNasArenaHealth(this IEndpointRouteBuilder endpoints, HealthCheckService health)
    {
        endpoints.MapGet(LivePath, () => Results.Json(new { status = "Healthy" })).ExcludeFromDescription();
        endpoints.MapGet(ReadyPath, async (HttpContext http) =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), http.RequestAborted);
            var body = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            };
            return Results.Json(body, JsonOptions, statusCode: report.Status == HealthStatus.Unhealthy
                ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).ExcludeFromDescription();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
