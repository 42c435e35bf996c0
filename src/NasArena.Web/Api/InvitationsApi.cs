using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>Organizer invitations (ADR 0028): organizers invite an address, the invitee accepts with that verified address.</summary>
public static class InvitationsApi
{
    public sealed record InvitationRequest(string Email);

    public sealed record InvitationView(Guid Id, string CompetitionSlug, string CompetitionTitle, string Email, string InvitedBy,
        DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? WithdrawnAt, string State)
    {
        public static InvitationView From(OrganizerInvitation i, DateTimeOffset now) => new(i.Id, i.Competition?.Slug ?? "", i.Competition?.Title ?? "",
            i.Email, i.InvitedBy?.DisplayName ?? "", i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.WithdrawnAt, StateOf(i, now));

        public static string StateOf(OrganizerInvitation i, DateTimeOffset now) =>
            i.AcceptedAt is not null ? "accepted" : i.WithdrawnAt is not null ? "withdrawn" : i.ExpiresAt <= now ? "expired" : "pending";
    }

    public static RouteGroupBuilder MapInvitationsApi(this RouteGroupBuilder api)
    {
        var competitions = api.MapGroup("/competitions/{slug}/invitations").WithTags("Competitions").RequireScope(TokenScopes.Manage);
        competitions.MapPost("/", Invite).ProducesProblems(400, 403, 404, 409);
        competitions.MapGet("/", OfCompetition).ProducesProblems(403, 404);
        competitions.MapDelete("/{id:guid}", Withdraw).ProducesProblems(400, 403, 404, 409);

        var mine = api.MapGroup("/invitations").WithTags("Account").RequireAuthorization();
        mine.MapGet("/", Mine).RequireScope(TokenScopes.Read);
        mine.MapGet("/{id:guid}", Get).RequireScope(TokenScopes.Read).ProducesProblems(404);
        mine.MapPost("/{id:guid}/accept", Accept).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 409);
        return api;
    }

    public static async Task<Created<InvitationView>> Invite(string slug, InvitationRequest body, ClaimsPrincipal user, OrganizerInvitations invitations,
        TimeProvider clock, CancellationToken ct)
    {
        var invitation = await invitations.InviteAsync(user.Actor(), slug, body.Email, ct);
        return TypedResults.Created($"/api/v1/invitations/{invitation.Id}", InvitationView.From(invitation, clock.GetUtcNow()));
    }

    public static async Task<Ok<List<InvitationView>>> OfCompetition(string slug, ClaimsPrincipal user, OrganizerInvitations invitations,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await invitations.OfCompetitionAsync(user.Actor(), slug, ct)).Select(i => InvitationView.From(i, clock.GetUtcNow())).ToList());

    public static async Task<NoContent> Withdraw(string slug, Guid id, ClaimsPrincipal user, OrganizerInvitations invitations, CancellationToken ct)
    {
        await invitations.WithdrawAsync(user.Actor(), slug, id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<List<InvitationView>>> Mine(ClaimsPrincipal user, OrganizerInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await invitations.MineAsync(user.Actor(), ct)).Select(i => InvitationView.From(i, clock.GetUtcNow())).ToList());

    public static async Task<Ok<InvitationView>> Get(Guid id, ClaimsPrincipal user, OrganizerInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(InvitationView.From(await invitations.GetAsync(user.Actor(), id, ct), clock.GetUtcNow()));

    public static async Task<Ok<InvitationView>> Accept(Guid id, ClaimsPrincipal user, OrganizerInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(InvitationView.From(await invitations.AcceptAsync(user.Actor(), id, ct), clock.GetUtcNow()));
}
