using Microsoft.AspNetCore.Diagnostics;

namespace NasArena.Web.Hosting;

/// <summary>Answers every exception a request handler throws through <see cref="ProblemMapper"/>; server errors are logged.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
        var problem = ProblemMapper.Map(exception, ctx.RequestAborted.IsCancellationRequested);
        if (problem.Status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
        }
        await ProblemMapper.WriteAsync(ctx, problem);
        return true;
    }
}
