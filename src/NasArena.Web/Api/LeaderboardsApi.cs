using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;
using NasArena.Web.Auth;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Api;

public static class LeaderboardsApi
{
    public static RouteGroupBuilder MapLeaderboardsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/phases/{phaseId:guid}").WithTags("Leaderboards");
        group.MapGet("/leaderboard", Get).Produces<Leaderboard>().ProducesProblems(400, 403, 404);
        group.MapGet("/leaderboard/compare", Compare).Produces<PairwiseComparison>().ProducesProblems(400, 403, 404, 409);
        group.MapGet("/leaderboard.csv", Csv).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        return api;
    }

    internal static Board ParseBoard(string? board) => (board ?? "public").ToLowerInvariant() switch
    {
        "public" => Board.Public,
        "private" => Board.Private,
        _ => throw new InvalidInputException($"'board' must be 'public' or 'private' (got '{board}')."),
    };

    /// <summary>The board as JSON (gzipped when the client accepts it), encoded once per change of the board (LeaderboardJson).</summary>
    public static async Task<IResult> Get(Guid phaseId, string? board, ClaimsPrincipal user, LeaderboardService leaderboards, LeaderboardJson json,
        CancellationToken ct) =>
        json.Result(await leaderboards.GetAsync(user.Actor(), phaseId, ParseBoard(board), ct));

    /// <summary>Entry A against entry B over the phase's paired bootstrap resamples (ADR 0018).</summary>
    public static async Task<Ok<PairwiseComparison>> Compare(Guid phaseId, Guid? a, Guid? b, string? board, ClaimsPrincipal user,
        LeaderboardService leaderboards, CancellationToken ct)
    {
        if (a is null || b is null)
        {
            throw new InvalidInputException("Name the two entries to compare by submission id: ?a=...&b=...");
        }
        return TypedResults.Ok(await leaderboards.CompareAsync(user.Actor(), phaseId, ParseBoard(board), a.Value, b.Value, ct));
    }

    public static async Task<FileContentHttpResult> Csv(Guid phaseId, string? board, ClaimsPrincipal user, LeaderboardService leaderboards, CancellationToken ct)
    {
        var parsed = ParseBoard(board);
        var csv = await leaderboards.CsvAsync(user.Actor(), phaseId, parsed, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv", $"leaderboard-{phaseId}-{parsed.ToString().ToLowerInvariant()}.csv");
    }
}
