using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Jobs.Fairness;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>A competition's fair share of the shared workers (ADR 0046): how many runs one team may have running at once.</summary>
public static class FairQueueApi
{
    public static RouteGroupBuilder MapFairQueueApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/competitions/{slug}/fair-queue").WithTags("Organizing").RequireScope(TokenScopes.Manage);
        group.MapGet("", Get).ProducesProblems(403, 404);
        group.MapPut("", Put).ProducesProblems(400, 403, 404);
        return api;
    }

    public static async Task<Ok<FairQueueView>> Get(string slug, ClaimsPrincipal user, FairQueueSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.GetAsync(user.Actor(), slug, ct));

    public static async Task<Ok<FairQueueView>> Put(string slug, FairQueueInput body, ClaimsPrincipal user, FairQueueSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.SetAsync(user.Actor(), slug, body, ct));
}
