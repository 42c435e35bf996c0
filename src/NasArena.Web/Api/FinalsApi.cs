using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>
/// The end of a phase (issue 25, ADRs 0040-0042): its final settings (picks, freeze, reveal, the public board's metric), a
/// team's final picks, the organizer's reveal and the final standings.
/// </summary>
public static class FinalsApi
{
    public static RouteGroupBuilder MapFinalsApi(this RouteGroupBuilder api)
    {
        // Read as the leaderboard is: by anyone who may see the phase, visitors included.
        var phase = api.MapGroup("/phases/{phaseId:guid}").WithTags("Finals");
        phase.MapGet("/finals", Get).ProducesProblems(404);
        phase.MapPut("/finals", Update).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        phase.MapPost("/reveal", Reveal).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        phase.MapGet("/final-picks", Mine).RequireScope(TokenScopes.Read).ProducesProblems(403, 404);
        phase.MapGet("/final-standings", Standings).ProducesProblems(403, 404);

        var one = api.MapGroup("/submissions/{id:guid}/final-pick").WithTags("Finals").RequireScope(TokenScopes.Submit);
        one.MapPost("/", Pick).ProducesProblems(400, 403, 404, 409);
        one.MapDelete("/", Unpick).ProducesProblems(400, 403, 404, 409);
        return api;
    }

    public static async Task<Ok<FinalsView>> Get(Guid phaseId, ClaimsPrincipal user, FinalsSettings finals, CancellationToken ct) =>
        TypedResults.Ok(await finals.GetAsync(user.Actor(), phaseId, ct));

    /// <summary>Organizers: final picks per team, the public board's freeze, the private board's reveal time, the public metric.</summary>
    public static async Task<Ok<FinalsView>> Update(Guid phaseId, FinalsInput body, ClaimsPrincipal user, FinalsSettings finals, CancellationToken ct) =>
        TypedResults.Ok(await finals.UpdateAsync(user.Actor(), phaseId, body, ct));

    /// <summary>Organizers: reveals the private board and the final standings now.</summary>
    public static async Task<Ok<FinalsView>> Reveal(Guid phaseId, ClaimsPrincipal user, FinalsSettings finals, CancellationToken ct) =>
        TypedResults.Ok(await finals.RevealAsync(user.Actor(), phaseId, ct));

    /// <summary>The caller's team's picks and what its private board entry is made of.</summary>
    public static async Task<Ok<FinalPicksView>> Mine(Guid phaseId, ClaimsPrincipal user, FinalPicks picks, CancellationToken ct) =>
        TypedResults.Ok(await picks.MineAsync(user.Actor(), phaseId, ct));

    public static async Task<Ok<FinalStandings>> Standings(Guid phaseId, ClaimsPrincipal user, FinalStandingsReader standings, CancellationToken ct) =>
        TypedResults.Ok(await standings.GetAsync(user.Actor(), phaseId, ct));

    public static async Task<Ok<FinalPicksView>> Pick(Guid id, ClaimsPrincipal user, FinalPicks picks, CancellationToken ct) =>
        TypedResults.Ok(await picks.PickAsync(user.Actor(), id, ct));

    public static async Task<Ok<FinalPicksView>> Unpick(Guid id, ClaimsPrincipal user, FinalPicks picks, CancellationToken ct) =>
        TypedResults.Ok(await picks.UnpickAsync(user.Actor(), id, ct));
}
