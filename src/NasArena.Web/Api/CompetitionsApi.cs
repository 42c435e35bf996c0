using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Web.Auth;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Api;

/// <summary>Competitions, tracks, phases and registrations: read for everyone, changed by organizers.</summary>
public static class CompetitionsApi
{
    public sealed record PublishRequest(bool Published);

    public static RouteGroupBuilder MapCompetitionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/competitions").WithTags("Competitions");
        group.MapGet("/", List);
        group.MapGet("/{slug}", Get).ProducesProblems(404);
        group.MapPost("/", Create).RequireScope(TokenScopes.Manage).ProducesProblems(400, 409);
        group.MapPut("/{slug}", Update).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        group.MapGet("/{slug}/publish-check", PublishCheck).RequireScope(TokenScopes.Manage).ProducesProblems(403, 404);
        group.MapPost("/{slug}/publish", Publish).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        group.MapPost("/{slug}/tracks", CreateTrack).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 409);
        group.MapPut("/{slug}/tracks/{track}", UpdateTrack).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        group.MapPost("/{slug}/tracks/{track}/phases", CreatePhase).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 409);
        group.MapPost("/{slug}/registrations", Register).RequireScope(TokenScopes.Submit).ProducesProblems(400, 404, 409);
        group.MapGet("/{slug}/registration", MyRegistration).RequireScope(TokenScopes.Read).ProducesProblems(404);
        group.MapGet("/{slug}/registrations", Registrations).RequireScope(TokenScopes.Manage).ProducesProblems(403, 404);
        group.MapPost("/{slug}/registrations/{id:guid}/approve", (string slug, Guid id, ClaimsPrincipal u, CompetitionService s, CancellationToken ct) =>
            Decide(slug, id, true, null, u, s, ct)).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        // The body is optional: {"reason": "..."} is shown to the participant.
        group.MapPost("/{slug}/registrations/{id:guid}/reject", (string slug, Guid id,
                [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DecisionInput? input, ClaimsPrincipal u, CompetitionService s, CancellationToken ct) =>
            Decide(slug, id, false, input?.Reason, u, s, ct)).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);

        var phases = api.MapGroup("/phases").WithTags("Phases");
        phases.MapGet("/{phaseId:guid}", GetPhase).ProducesProblems(404);
        phases.MapPut("/{phaseId:guid}", UpdatePhase).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        phases.MapPost("/{phaseId:guid}/private-leaderboard", PublishPrivate).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        return api;
    }

    /// <summary>Published competitions, and the drafts the caller organizes (an admin: every draft).</summary>
    public static async Task<Ok<List<CompetitionSummary>>> List(ClaimsPrincipal user, NasArenaDb db, CancellationToken ct)
    {
        var actor = user.Actor();
        var query = db.Competitions.AsQueryable();
        if (actor is null)
        {
            query = query.Where(c => c.PublishedAt != null);
        }
        else if (!actor.IsAdmin)
        {
            query = query.Where(c => c.PublishedAt != null || c.Organizers.Any(o => o.UserId == actor.UserId));
        }
        return TypedResults.Ok(await query.OrderByDescending(c => c.CreatedAt)
            .Select(c => new CompetitionSummary(c.Id, c.Slug, c.Title, c.Description, c.RequiresApproval, c.CreatedAt)).ToListAsync(ct));
    }

    public static async Task<Ok<CompetitionView>> Get(string slug, ClaimsPrincipal user, CompetitionService competitions, Access access, CancellationToken ct)
    {
        // A draft is its organizers' business: to anyone else it does not exist yet (Access.CanSeeAsync).
        var competition = await competitions.BySlugAsync(user.Actor(), slug, ct);
        var organizer = await access.IsOrganizerAsync(user.Actor(), competition.Id, ct);
        return TypedResults.Ok(CompetitionView.From(competition, organizer));
    }

    public static async Task<Created<CompetitionView>> Create(CompetitionInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct)
    {
        var competition = await competitions.CreateAsync(user.Actor(), body, ct);
        return TypedResults.Created($"/api/v1/competitions/{competition.Slug}", CompetitionView.From(competition, organizer: true));
    }

    public static async Task<Ok<CompetitionView>> Update(string slug, CompetitionInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok(CompetitionView.From(await competitions.UpdateAsync(user.Actor(), slug, body, ct), organizer: true));

    public sealed record PublishItemView(SetupPart Part, bool Blocks, string Text);

    /// <summary>What the competition still lacks: items that block publishing, and advice.</summary>
    public static async Task<Ok<List<PublishItemView>>> PublishCheck(string slug, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok((await competitions.CheckAsync(user.Actor(), slug, ct)).Select(i => new PublishItemView(i.Part, i.Blocks, i.Text)).ToList());

    /// <summary>Publishes a draft when nothing blocks it (400 naming what does).</summary>
    public static async Task<Ok<CompetitionView>> Publish(string slug, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok(CompetitionView.From(await competitions.PublishAsync(user.Actor(), slug, ct), organizer: true));

    public static async Task<Created<TrackView>> CreateTrack(string slug, TrackInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct)
    {
        var track = await competitions.CreateTrackAsync(user.Actor(), slug, body, ct);
        return TypedResults.Created($"/api/v1/competitions/{slug}", TrackView.From(track, organizer: true));
    }

    public static async Task<Ok<TrackView>> UpdateTrack(string slug, string track, TrackInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok(TrackView.From(await competitions.UpdateTrackAsync(user.Actor(), slug, track, body, ct), organizer: true));

    public static async Task<Created<PhaseView>> CreatePhase(string slug, string track, PhaseInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct)
    {
        var phase = await competitions.CreatePhaseAsync(user.Actor(), slug, track, body, ct);
        return TypedResults.Created($"/api/v1/phases/{phase.Id}", PhaseView.From(phase, organizer: true));
    }

    public static async Task<Ok<PhaseView>> GetPhase(Guid phaseId, ClaimsPrincipal user, Access access, NasArenaDb db, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(user.Actor(), phaseId, ct);
        await db.Entry(phase).Collection(p => p.Assets).Query().Include(a => a.Artifact).LoadAsync(ct);
        return TypedResults.Ok(PhaseView.From(phase, await access.IsOrganizerAsync(user.Actor(), phase.Track!.CompetitionId, ct)));
    }

    public static async Task<Ok<PhaseView>> UpdatePhase(Guid phaseId, PhaseInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok(PhaseView.From(await competitions.UpdatePhaseAsync(user.Actor(), phaseId, body, ct), organizer: true));

    public static async Task<NoContent> PublishPrivate(Guid phaseId, PublishRequest body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct)
    {
        await competitions.PublishPrivateAsync(user.Actor(), phaseId, body.Published, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<RegistrationView>> Register(string slug, RegistrationInput body, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct)
    {
        var registration = await competitions.RegisterAsync(user.Actor(), slug, body, ct);
        return TypedResults.Created($"/api/v1/competitions/{slug}/registration", RegistrationView.From(registration, showJoinCode: true));
    }

    public static async Task<Ok<RegistrationView>> MyRegistration(string slug, ClaimsPrincipal user, CompetitionService competitions, Access access, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(user.Actor(), slug, ct);
        var registration = await access.RegistrationOfAsync(user.Actor()!.UserId, competition.Id, ct)
            ?? throw new NotFoundException($"You are not registered for '{slug}'.");
        return TypedResults.Ok(RegistrationView.From(registration, showJoinCode: true));
    }

    public static async Task<Ok<List<RegistrationView>>> Registrations(string slug, ClaimsPrincipal user, CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok((await competitions.RegistrationsAsync(user.Actor(), slug, ct)).Select(r => RegistrationView.From(r, showJoinCode: false)).ToList());

    public sealed record DecisionInput(string? Reason);

    private static async Task<Ok<RegistrationView>> Decide(string slug, Guid id, bool approve, string? reason, ClaimsPrincipal user,
        CompetitionService competitions, CancellationToken ct) =>
        TypedResults.Ok(RegistrationView.From(await competitions.DecideRegistrationAsync(user.Actor(), slug, id, approve, reason, ct), showJoinCode: false));
}
