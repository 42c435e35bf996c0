using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Competitions;

/// <summary>The authorization rules of the platform in one place: who organizes what, who is on which team.</summary>
public sealed class Access(NasArenaDb db)
{
    public async Task<bool> IsOrganizerAsync(Actor? actor, Guid competitionId, CancellationToken ct) =>
        actor is not null && (actor.IsAdmin ||
            await db.CompetitionOrganizers.AnyAsync(o => o.CompetitionId == competitionId && o.UserId == actor.UserId, ct));

    /// <summary>Whether the caller organizes some competition or is an admin: who the "Organize" entry is shown to.</summary>
    public async Task<bool> OrganizesAnyAsync(Actor? actor, CancellationToken ct) =>
        actor is not null && (actor.IsAdmin || await db.CompetitionOrganizers.AnyAsync(o => o.UserId == actor.UserId, ct));

    public async Task RequireOrganizerAsync(Actor? actor, Guid competitionId, CancellationToken ct)
    {
        if (actor is null)
        {
            throw new UnauthenticatedException("Sign in or send an API token.");
        }
        if (!await IsOrganizerAsync(actor, competitionId, ct))
        {
            throw new ForbiddenException("Only the organizers of this competition may do this.");
        }
    }

    /// <summary>
    /// Refuses an account whose e-mail address is not verified (ADR 0028): such an account may look around but not
    /// register, join a team, submit or accept an invitation, so one throwaway address per extra team gets nowhere.
    /// </summary>
    public async Task<Actor> RequireVerifiedAsync(Actor? actor, string what, CancellationToken ct)
    {
        var user = RequireUser(actor);
        var verified = await db.Users.AsNoTracking().Where(u => u.Id == user.UserId).Select(u => u.EmailVerifiedAt != null).SingleOrDefaultAsync(ct);
        return verified ? user : throw new ForbiddenException(
            $"Verify your e-mail address before you {what}: follow the link of the mail we sent at registration " +
            "(your account page sends a new one).");
    }

    public static Actor RequireUser(Actor? actor) =>
        actor ?? throw new UnauthenticatedException("Sign in or send an API token.");

    /// <summary>Platform-wide administration: users, queues, workers, the Hangfire dashboard.</summary>
    public static Actor RequireAdmin(Actor? actor) => RequireUser(actor) is { IsAdmin: true } admin
        ? admin
        : throw new ForbiddenException("Only administrators may do this.");

    public Task<Registration?> RegistrationOfAsync(Guid userId, Guid competitionId, CancellationToken ct) =>
        db.Registrations.Include(r => r.Team).SingleOrDefaultAsync(r => r.UserId == userId && r.CompetitionId == competitionId, ct);

    /// <summary>
    /// Refuses a registration that is pending or was declined, with the reason the participant can act on; no
    /// registration at all passes (the caller has no team, so there is nothing of a team to read or to act for).
    /// </summary>
    public static void RequireApproved(Registration? registration)
    {
        switch (registration?.Status)
        {
            case RegistrationStatus.Pending:
                throw new ForbiddenException("Your registration awaits the organizers' approval.");
            case RegistrationStatus.Rejected:
                throw new ForbiddenException("The organizers declined your registration" +
                    (registration.DecisionReason is { } reason ? $": {reason}" : "."));
        }
    }

    /// <summary>
    /// The one rule for drafts (issue 23, ADR 0031): an unpublished competition is its organizers' and admins' business; to
    /// anyone else every route answers as if it did not exist. Every read by slug or by phase id goes through here.
    /// </summary>
    public async Task<bool> CanSeeAsync(Actor? actor, Competition competition, CancellationToken ct) =>
        !competition.IsDraft || await IsOrganizerAsync(actor, competition.Id, ct);

    /// <summary>404 with <paramref name="notFound"/> when the caller may not see the competition (<see cref="CanSeeAsync"/>).</summary>
    public async Task RequireVisibleAsync(Actor? actor, Competition competition, string notFound, CancellationToken ct)
    {
        if (!await CanSeeAsync(actor, competition, ct))
        {
            throw new NotFoundException(notFound);
        }
    }

    /// <summary>Loads a phase with its track and competition, or 404 (also when its competition is a draft the caller may not see).</summary>
    public async Task<Phase> PhaseAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await db.Phases.Include(p => p.Track!).ThenInclude(t => t.Competition).SingleOrDefaultAsync(p => p.Id == phaseId, ct)
            ?? throw new NotFoundException(NoPhase(phaseId));
        await RequireVisibleAsync(actor, phase.Track!.Competition!, NoPhase(phaseId), ct);
        return phase;
    }

    public static string NoPhase(Guid phaseId) => $"There is no phase with id {phaseId}.";
}
