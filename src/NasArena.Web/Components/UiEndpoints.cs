using System.Security.Claims;
using NasArena.Platform.Submissions;
using NasArena.Web.Auth;

namespace NasArena.Web.Components;

/// <summary>
/// Plain HTTP endpoints the pages link to, outside the REST API (/api/v1 stays as it is): a download must be a real
/// response with the browser's cookie, not bytes pushed through the Blazor circuit.
/// </summary>
public static class UiEndpoints
{
    public static IEndpointRouteBuilder MapNasArenaUiEndpoints(this IEndpointRouteBuilder app)
    {
        // The submitted file, to its team and the organizers only; anyone else gets the same 404 as for a missing one.
        app.MapGet("/submissions/{id:guid}/file", async (Guid id, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken ct) =>
        {
            var (fileName, contentType, content) = await queries.OpenFileAsync(user.Actor(), id, ct);
            return Results.Stream(content, contentType, fileName);
        }).RequireScope(Platform.Accounts.TokenScopes.Read).ExcludeFromDescription();
        return app;
    }
}
