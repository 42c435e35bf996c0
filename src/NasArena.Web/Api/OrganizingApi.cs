using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Domain;
using NasArena.Platform.Organizing;
using NasArena.Web.Auth;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Api;

/// <summary>
/// What the organizers' pages do, for scripts too: a competition's submissions filtered and paged, in bulk, as CSV and as
/// one zip of their files (both streamed), the registrations as CSV, the teams, the statistics.
/// </summary>
public static class OrganizingApi
{
    public sealed record BulkRequest(BulkAction Action, List<Guid> Ids);

    public sealed record PhaseRescoreRequest(string Confirm);

    public static RouteGroupBuilder MapOrganizingApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/competitions/{slug}").WithTags("Organizing").RequireScope(TokenScopes.Manage);
        group.MapGet("/submissions", Page).ProducesProblems(400, 403, 404);
        group.MapGet("/submissions.csv", Csv).Produces(200, contentType: "text/csv").ProducesProblems(400, 403, 404);
        group.MapGet("/submissions.zip", Zip).Produces(200, contentType: "application/zip").ProducesProblems(400, 403, 404);
        group.MapPost("/submissions/bulk", Bulk).ProducesProblems(400, 403, 404);
        group.MapGet("/registrations.csv", RegistrationsCsv).ProducesProblems(403, 404);
        group.MapGet("/teams", Teams).ProducesProblems(403, 404);
        group.MapGet("/statistics", Stats).ProducesProblems(403, 404);
        // The phase-wide rescore with the phase's name typed to confirm, as the browser asks for it.
        api.MapPost("/phases/{phaseId:guid}/submissions/rescore-confirmed", RescoreConfirmed).WithTags("Organizing")
            .RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        return api;
    }

    private static SubmissionFilter Filter(Guid? phaseId, SubmissionStatus? status, string? team, DateTimeOffset? from, DateTimeOffset? to,
        FailureKind? failure) => new(phaseId, status, team, from, to, failure);

    public static async Task<Ok<SubmissionPage>> Page(string slug, Guid? phaseId, SubmissionStatus? status, string? team, DateTimeOffset? from,
        DateTimeOffset? to, FailureKind? failure, int? skip, int? take, ClaimsPrincipal user, OrganizerSubmissions submissions, CancellationToken ct) =>
        TypedResults.Ok(await submissions.PageAsync(user.Actor(), slug, Filter(phaseId, status, team, from, to, failure), skip ?? 0, take ?? 50, ct));

    /// <summary>Streamed as rows are read; the authorization and the filter are checked before the first byte.</summary>
    public static async Task<IResult> Csv(string slug, Guid? phaseId, SubmissionStatus? status, string? team, DateTimeOffset? from,
        DateTimeOffset? to, FailureKind? failure, ClaimsPrincipal user, OrganizerSubmissions submissions, CancellationToken ct)
    {
        var filter = Filter(phaseId, status, team, from, to, failure);
        await submissions.PageAsync(user.Actor(), slug, filter, 0, 1, ct);
        return Results.Stream(body => submissions.WriteCsvAsync(user.Actor(), slug, filter, body, ct), "text/csv; charset=utf-8", $"{slug}-submissions.csv");
    }

    public static async Task<IResult> Zip(string slug, Guid? phaseId, SubmissionStatus? status, string? team, DateTimeOffset? from,
        DateTimeOffset? to, FailureKind? failure, ClaimsPrincipal user, OrganizerSubmissions submissions, HttpContext http, CancellationToken ct)
    {
        var filter = Filter(phaseId, status, team, from, to, failure);
        await submissions.PageAsync(user.Actor(), slug, filter, 0, 1, ct);
        // ZipArchive writes its small headers (local headers, data descriptors, the central directory) synchronously even
        // when created with CreateAsync; the file data itself is copied asynchronously.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }
        return Results.Stream(body => submissions.WriteZipAsync(user.Actor(), slug, filter, body, ct), "application/zip", $"{slug}-submissions.zip");
    }

    public static async Task<Ok<BulkResult>> Bulk(string slug, BulkRequest body, ClaimsPrincipal user, OrganizerSubmissions submissions, CancellationToken ct) =>
        TypedResults.Ok(await submissions.BulkAsync(user.Actor(), slug, body.Action, body.Ids ?? [], ct));

    public sealed record RescoreResponse(int Queued);

    public static async Task<Ok<RescoreResponse>> RescoreConfirmed(Guid phaseId, PhaseRescoreRequest body, ClaimsPrincipal user,
        OrganizerSubmissions submissions, CancellationToken ct) =>
        TypedResults.Ok(new RescoreResponse(await submissions.RescorePhaseAsync(user.Actor(), phaseId, body.Confirm ?? "", ct)));

    public static async Task<FileContentHttpResult> RegistrationsCsv(string slug, ClaimsPrincipal user, OrganizerParticipants participants, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await participants.RegistrationsCsvAsync(user.Actor(), slug, ct)), "text/csv", $"{slug}-registrations.csv");

    public static async Task<Ok<List<TeamRow>>> Teams(string slug, ClaimsPrincipal user, OrganizerParticipants participants, CancellationToken ct) =>
        TypedResults.Ok(await participants.TeamsAsync(user.Actor(), slug, ct));

    public static async Task<Ok<Statistics>> Stats(string slug, ClaimsPrincipal user, CompetitionStatistics statistics, CancellationToken ct) =>
        TypedResults.Ok(await statistics.ComputeAsync(user.Actor(), slug, ct));
}
