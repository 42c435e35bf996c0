using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Accounts.Mail;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Competitions;

/// <summary>
/// Organizers are invited, never added by typing an address (ADR 0028): an invitation goes to an address by mail, and
/// only an account whose <em>verified</em> address is that one can accept it. Registering a colleague's address first
/// gets an attacker an unverified account, which cannot accept; an account verified at another address cannot either.
/// </summary>
public sealed class OrganizerInvitations(NasArenaDb db, Access access, TimeProvider clock, MailSender mail, MailLinks links)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public static string PagePath(Guid id) => $"/account/invitations/{id}";

    public async Task<OrganizerInvitation> InviteAsync(Actor? actor, string slug, string? email, CancellationToken ct)
    {
        var competition = await CompetitionAsync(slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var address = (email ?? "").Trim().ToLowerInvariant();
        if (address.Length is 0 or > 320 || !address.Contains('@') || address.StartsWith('@') || address.EndsWith('@') || address.Any(char.IsWhiteSpace))
        {
            throw new InvalidInputException("'email' must be an e-mail address such as ada@example.org.");
        }
        var now = clock.GetUtcNow();
        if (await db.CompetitionOrganizers.AnyAsync(o => o.CompetitionId == competition.Id && o.User!.Email == address && o.User.EmailVerifiedAt != null, ct))
        {
            throw new ConflictException($"{address} organizes '{slug}' already.");
        }
        if (await db.OrganizerInvitations.AnyAsync(i => i.CompetitionId == competition.Id && i.Email == address
                && i.AcceptedAt == null && i.WithdrawnAt == null && i.ExpiresAt > now, ct))
        {
            throw new ConflictException($"{address} has a pending invitation to organize '{slug}' already: withdraw it to send a new one.");
        }
        var inviter = await db.Users.AsNoTracking().SingleAsync(u => u.Id == actor!.UserId, ct);
        var invitation = new OrganizerInvitation
        {
            CompetitionId = competition.Id,
            Email = address,
            InvitedById = inviter.Id,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.OrganizerInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        var url = links.To(PagePath(invitation.Id));
        await mail.SendAsync(new OutgoingMail(address, $"Invitation to organize '{competition.Title}' on NasArena",
            $"Hello,\n\n{inviter.DisplayName} invites you to organize the competition '{competition.Title}' on NasArena. " +
            $"To accept, open this link within {Lifetime.TotalDays:0} days while signed in to a NasArena account with this address " +
            $"({address}), verified; no account yet? Register with this address first.\n\n{url}\n\nIf you do not expect this, ignore it.\n",
            [url]), ct);
        invitation.Competition = competition;
        invitation.InvitedBy = inviter;
        return invitation;
    }

    /// <summary>The competition's invitations, newest first (accepted, withdrawn and expired ones too: the organizers' record).</summary>
    public async Task<List<OrganizerInvitation>> OfCompetitionAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await CompetitionAsync(slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        return await db.OrganizerInvitations.AsNoTracking().Include(i => i.InvitedBy).Where(i => i.CompetitionId == competition.Id)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task WithdrawAsync(Actor? actor, string slug, Guid id, CancellationToken ct)
    {
        var competition = await CompetitionAsync(slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var invitation = await db.OrganizerInvitations.SingleOrDefaultAsync(i => i.Id == id && i.CompetitionId == competition.Id, ct)
            ?? throw new NotFoundException($"'{slug}' has no invitation with id {id}.");
        if (invitation.AcceptedAt is not null)
        {
            throw new ConflictException($"{invitation.Email} accepted this invitation on {invitation.AcceptedAt:yyyy-MM-dd HH:mm} UTC; it cannot be withdrawn.");
        }
        invitation.WithdrawnAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>One invitation, for the page its link opens: only to the invitee (by verified address) and the competition's organizers.</summary>
    public async Task<OrganizerInvitation> GetAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var invitation = await db.OrganizerInvitations.AsNoTracking().Include(i => i.Competition).Include(i => i.InvitedBy)
            .SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException($"There is no invitation with id {id}.");
        if (!await access.IsOrganizerAsync(user, invitation.CompetitionId, ct)
            && !await db.Users.AnyAsync(u => u.Id == user.UserId && u.Email == invitation.Email, ct))
        {
            throw new NotFoundException($"There is no invitation with id {id} for your account.");
        }
        return invitation;
    }

    /// <summary>The signed-in user becomes an organizer: only with the invited address, verified, while the invitation is pending.</summary>
    public async Task<OrganizerInvitation> AcceptAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var user = await access.RequireVerifiedAsync(actor, "accept an invitation to organize", ct);
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.UserId, ct);
        var invitation = await db.OrganizerInvitations.Include(i => i.Competition).SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException($"There is no invitation with id {id}.");
        if (invitation.Email != account.Email)
        {
            throw new ForbiddenException($"This invitation was sent to another address than your account's ({account.Email}): " +
                "sign in with the account of the invited address, or ask the organizers to invite this one.");
        }
        var now = clock.GetUtcNow();
        if (invitation.WithdrawnAt is { } withdrawn)
        {
            throw new ConflictException($"The organizers withdrew this invitation on {withdrawn:yyyy-MM-dd HH:mm} UTC.");
        }
        if (invitation.AcceptedAt is null && invitation.ExpiresAt <= now)
        {
            throw new ConflictException($"This invitation expired on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC: ask the organizers for a new one.");
        }
        if (invitation.AcceptedAt is null)
        {
            invitation.AcceptedAt = now;
            invitation.AcceptedById = account.Id;
            if (!await db.CompetitionOrganizers.AnyAsync(o => o.CompetitionId == invitation.CompetitionId && o.UserId == account.Id, ct))
            {
                db.CompetitionOrganizers.Add(new CompetitionOrganizer { CompetitionId = invitation.CompetitionId, UserId = account.Id });
            }
            await db.SaveChangesAsync(ct);
        }
        return invitation;
    }

    /// <summary>The pending invitations to the signed-in user's address (shown once the address is verified).</summary>
    public async Task<List<OrganizerInvitation>> MineAsync(Actor? actor, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.UserId, ct);
        var now = clock.GetUtcNow();
        var all = await db.OrganizerInvitations.AsNoTracking().Include(i => i.Competition).Include(i => i.InvitedBy)
            .Where(i => i.Email == account.Email && i.AcceptedAt == null && i.WithdrawnAt == null).ToListAsync(ct);
        return all.Where(i => i.IsPending(now)).OrderByDescending(i => i.CreatedAt).ToList();
    }

    private async Task<Competition> CompetitionAsync(string slug, CancellationToken ct) =>
        await db.Competitions.SingleOrDefaultAsync(c => c.Slug == slug, ct) ?? throw new NotFoundException($"There is no competition '{slug}'.");
}
