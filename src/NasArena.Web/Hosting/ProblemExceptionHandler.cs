using Microsoft.AspNetCore.Diagnostics;
using NasArena.Platform.Errors;

namespace NasArena.Web.Hosting;

/// <summary>Maps the platform's faults to ProblemDetails, in one place; anything else is a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
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
}
