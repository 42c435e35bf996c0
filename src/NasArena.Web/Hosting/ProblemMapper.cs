using Microsoft.AspNetCore.Antiforgery;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;

namespace NasArena.Web.Hosting;

/// <summary>
/// The one place where a fault becomes an HTTP answer: an RFC 7807 ProblemDetails with a status, a short stable title
/// and the fault's own message as detail. The exception handler and the auth checks (AuthSetup, ApiTokenHandler)
/// all answer through here, so every error of the API has the same shape.
/// </summary>
public static class ProblemMapper
{
    public const int ClientClosedRequest = 499;

    /// <summary>Seconds a client is asked to wait when a dependency is down: outages seen here last tens of seconds.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>The header (and ProblemDetails member "offset") that tells a resumable upload's client where to resume.</summary>
    public const string UploadOffsetHeader = "Upload-Offset";

    /// <summary>
    /// An answer; <paramref name="RetryAfter"/> (seconds) is sent as the Retry-After header, <paramref name="UploadOffset"/>
    /// as the Upload-Offset header and the member "offset" of the ProblemDetails.
    /// </summary>
    public sealed record Problem(int Status, string Title, string Detail, int? RetryAfter = null, long? UploadOffset = null);

    public static Problem Map(Exception exception, bool requestAborted = false) =>
        FaultKind.UnavailableDependency(exception) is { } dependency ? Unavailable(dependency) : MapFault(exception, requestAborted);

    /// <summary>
    /// An outage of a dependency is not the caller's fault and passes: 503 naming what is down, with Retry-After. Nothing
    /// the request started is kept (an upload's reservation is removed, so it does not count against the quota).
    /// </summary>
    private static Problem Unavailable(string dependency) => new(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        $"{char.ToUpperInvariant(dependency[0])}{dependency[1..]} is unavailable right now; nothing was stored and nothing counts " +
        $"against your quota. Try again in {RetryAfterSeconds} seconds.", RetryAfterSeconds);

    private static Problem MapFault(Exception exception, bool requestAborted) => exception switch
    {
        UnauthenticatedException e => new(StatusCodes.Status401Unauthorized, "Unauthorized", e.Message),
        ForbiddenException e => new(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
        NotFoundException e => new(StatusCodes.Status404NotFound, "Not found", e.Message),
        ConflictException e => new(StatusCodes.Status409Conflict, "Conflict", e.Message),
        UploadOffsetMismatchException e => new(StatusCodes.Status409Conflict, "Wrong upload offset", e.Message, UploadOffset: e.CurrentOffset),
        PhaseNotOpenException e => new(StatusCodes.Status409Conflict, "Phase not open", e.Message),
        InvalidInputException e => new(StatusCodes.Status400BadRequest, "Invalid request", e.Message),
        InvalidFileException e => new(StatusCodes.Status422UnprocessableEntity, "Invalid file", e.Message),
        FileTooLargeException e => new(StatusCodes.Status413PayloadTooLarge, "File too large", e.Message),
        UnsupportedUploadException e => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", e.Message),
        QuotaExceededException e => new(StatusCodes.Status429TooManyRequests, "Submission limit reached", e.Message),
        RateLimitedException e => new(StatusCodes.Status429TooManyRequests, "Too many requests", e.Message, e.RetryAfterSeconds),
        PhaseNotReadyException e => new(StatusCodes.Status503ServiceUnavailable, "Phase not ready", e.Message),
        AntiforgeryValidationException e => new(StatusCodes.Status400BadRequest, "Antiforgery token missing or invalid", e.Message),
        BadHttpRequestException e => new(e.StatusCode, "Invalid request", e.Message),
        System.Text.Json.JsonException e => new(StatusCodes.Status400BadRequest, "Invalid JSON", e.Message),
        OperationCanceledException when requestAborted => new(ClientClosedRequest, "Client closed request", "The request was aborted."),
        // Anything else is a bug or an outage: the caller learns nothing of the internals (the log has them).
        _ => new(StatusCodes.Status500InternalServerError, "Server error", "The server failed to handle the request; it has been logged."),
    };

    /// <summary>Writes the fault as ProblemDetails (through IProblemDetailsService, as the framework's own problems are).</summary>
    public static Task WriteAsync(HttpContext ctx, Exception exception) => WriteAsync(ctx, Map(exception, ctx.RequestAborted.IsCancellationRequested));

    public static Task WriteAsync(HttpContext ctx, Problem problem)
    {
        if (problem.RetryAfter is { } seconds)
        {
            ctx.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (problem.UploadOffset is { } offset)
        {
            ctx.Response.Headers[UploadOffsetHeader] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail,
                extensions: new Dictionary<string, object?> { ["offset"] = offset }).ExecuteAsync(ctx);
        }
        return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail).ExecuteAsync(ctx);
    }
}
