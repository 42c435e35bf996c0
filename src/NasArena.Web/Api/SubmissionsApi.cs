using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Submissions;
using NasArena.Web.Auth;
using NasArena.Web.RateLimiting;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Api;

public static class SubmissionsApi
{
    public static RouteGroupBuilder MapSubmissionsApi(this RouteGroupBuilder api)
    {
        var phase = api.MapGroup("/phases/{phaseId:guid}/submissions").WithTags("Submissions").RequireScope(TokenScopes.Read);
        phase.MapPost("/", Submit).RequireScope(TokenScopes.Submit).LimitedAs(Limited.Submissions).DisableAntiforgery().ProducesProblems(400, 403, 404, 409, 413, 415, 422, 429, 503);
        phase.MapGet("/mine", Mine).ProducesProblems(404);
        phase.MapGet("/", All).RequireScope(TokenScopes.Manage).ProducesProblems(403, 404);
        phase.MapPost("/rescore", RescorePhase).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        api.MapGet("/phases/{phaseId:guid}/rescores", PhaseRescores).WithTags("Submissions").RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);

        var one = api.MapGroup("/submissions/{id:guid}").WithTags("Submissions").RequireScope(TokenScopes.Read);
        one.MapGet("/", Get).ProducesProblems(404);
        one.MapPost("/cancel", Cancel).RequireScope(TokenScopes.Submit).ProducesProblems(400, 404, 409);
        one.MapPost("/rescore", Rescore).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 409);
        one.MapGet("/rescores", Rescores).RequireScope(TokenScopes.Manage).ProducesProblems(403, 404);
        one.MapGet("/pairs", Pairs).RequireScope(TokenScopes.Manage).ProducesProblems(403, 404, 409);
        one.MapPatch("/flags", SetFlags).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        return api;
    }

    /// <summary>
    /// multipart/form-data with a part 'file' (streamed to storage as it arrives) and, before it, optional fields
    /// 'description', 'baseline' (organizers) and 'debug' (a debug run on the debug split, ADR 0044). Answers 202: scoring happens in the background.
    /// </summary>
    public static async Task<Accepted<SubmissionView>> Submit(Guid phaseId, HttpRequest request, ClaimsPrincipal user,
        SubmissionService submissions, SubmissionQueries queries, Platform.Competitions.Access access, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(user.Actor(), phaseId, ct);
        var submission = await MultipartUpload.ReadAsync(request, phase.Track!.MaxSubmissionBytes, part => submissions.SubmitAsync(
            user.Actor(), phaseId, part.FileName, part.ContentType, part.Content,
            part.Fields.GetValueOrDefault("description"),
            bool.TryParse(part.Fields.GetValueOrDefault("baseline"), out var b) && b, expectedSha256: null,
            bool.TryParse(part.Fields.GetValueOrDefault("debug"), out var d) && d, ct), ct);
        var view = await queries.GetAsync(user.Actor(), submission.Id, ct);
        return TypedResults.Accepted($"/api/v1/submissions/{submission.Id}", view);
    }

    public static async Task<Ok<List<SubmissionView>>> Mine(Guid phaseId, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.MineAsync(user.Actor(), phaseId, ct));

    public static async Task<Ok<List<SubmissionView>>> All(Guid phaseId, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.AllAsync(user.Actor(), phaseId, ct));

    public sealed record RescoreResponse(int Queued);

    public static async Task<Ok<RescoreResponse>> RescorePhase(Guid phaseId, ClaimsPrincipal user, SubmissionCommands commands, CancellationToken ct) =>
        TypedResults.Ok(new RescoreResponse(await commands.RescorePhaseAsync(user.Actor(), phaseId, ct)));

    public static async Task<Ok<SubmissionView>> Get(Guid id, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(user.Actor(), id, ct));

    public static async Task<Ok<SubmissionView>> Cancel(Guid id, ClaimsPrincipal user, SubmissionCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.CancelAsync(user.Actor(), id, ct));

    public static async Task<Ok<SubmissionView>> Rescore(Guid id, ClaimsPrincipal user, SubmissionCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.RescoreAsync(user.Actor(), id, ct));

    /// <summary>
    /// Predicted against true accuracy per architecture of a prediction submission (organizers only: the true accuracies
    /// are the hidden labels). The same service as the submission page's scatter.
    /// </summary>
    public static async Task<Ok<List<PredictionPairs.Pair>>> Pairs(Guid id, ClaimsPrincipal user, PredictionPairs pairs, CancellationToken ct) =>
        TypedResults.Ok(await pairs.ForOrganizerAsync(user.Actor(), id, ct));

    /// <summary>What each rescore changed: metric deltas and the parts of the provenance that differ (organizers).</summary>
    public static async Task<Ok<RescoreDiff>> Rescores(Guid id, ClaimsPrincipal user, RescoreDiffs diffs, CancellationToken ct) =>
        TypedResults.Ok(await diffs.OfAsync(user.Actor(), id, ct));

    /// <summary>
    /// What the rescores of a phase changed (organizers): for each rescored submission its primary metric and other metrics
    /// before and after its latest rescore, its team's rank before and after, and why. 'board' is public (default) or private.
    /// </summary>
    public static async Task<Ok<PhaseRescoreDiff>> PhaseRescores(Guid phaseId, string? board, ClaimsPrincipal user, PhaseRescoreDiffs diffs,
        CancellationToken ct) =>
        TypedResults.Ok(await diffs.OfAsync(user.Actor(), phaseId, LeaderboardsApi.ParseBoard(board), ct));

    public static async Task<Ok<SubmissionView>> SetFlags(Guid id, SubmissionCommands.FlagsInput body, ClaimsPrincipal user, SubmissionCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.SetFlagsAsync(user.Actor(), id, body, ct));
}
