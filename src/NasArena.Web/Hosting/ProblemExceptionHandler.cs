using Microsoft.AspNetCore.Diagnostics;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;

namespace NasArena.Web.Hosting;

/// <summary>Maps the platform's faults to ProblemDetails, in one place; anything else is a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
        if (FaultKind.UnavailableDependency(exception) is { } dependency)
        {
            return await UnavailableAsync(ctx, exception, dependency);
        }
        var (status, title, detail) = exception switch
        {
            ApiProblemException e => (e.Status, e.Title, e.Message),
            BadHttpRequestException e => (e.StatusCode, "Invalid request", e.Message),
            System.Text.Json.JsonException e => (400, "Invalid JSON", e.Message),
            OperationCanceledException when ctx.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was aborted."),
            _ => (500, "Server error", "The server failed to handle the request; it has been logged."),
        };
        if (status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
        }
        ctx.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>Seconds a client is asked to wait when a dependency is down: outages seen here last tens of seconds.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>
    /// An outage of a dependency is not the caller's fault and passes: 503 naming what is down, with Retry-After. Nothing
    /// the request started is kept (an upload's reservation is removed, so it does not count against the quota).
    /// </summary>
    private async ValueTask<bool> UnavailableAsync(HttpContext ctx, Exception exception, string dependency)
    {
        log.LogWarning(exception, "{Dependency} unavailable on {Method} {Path}", dependency, ctx.Request.Method, ctx.Request.Path);
        ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        ctx.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{char.ToUpperInvariant(dependency[0])}{dependency[1..]} is unavailable right now; nothing was stored and " +
                    $"nothing counts against your quota. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }
}
