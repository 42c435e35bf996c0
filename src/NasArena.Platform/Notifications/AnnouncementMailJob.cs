using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts.Mail;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Notifications;

/// <summary>
/// Mails an announcement to the members of the competition's approved registrations: verified addresses only (an address
/// nobody proved is not mailed), not disabled, not opted out. Nobody else: not an address an organizer types in.
/// </summary>
public sealed class AnnouncementMailJob(NasArenaDb db, MailSender mail, MailLinks links)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task SendAsync(Guid announcementId, CancellationToken ct)
    {
        var a = await db.Announcements.AsNoTracking().Where(x => x.Id == announcementId)
            .Select(x => new { x.Subject, x.Body, x.CompetitionId, x.Competition!.Title, x.Competition.Slug }).SingleOrDefaultAsync(ct);
        if (a is null)
        {
            return;
        }
        var to = await db.Registrations.AsNoTracking()
            .Where(r => r.CompetitionId == a.CompetitionId && r.Status == RegistrationStatus.Approved &&
                r.User!.EmailVerifiedAt != null && r.User.DisabledAt == null && r.User.MailAnnouncements)
            .Select(r => r.User!.Email).Distinct().ToListAsync(ct);
        var page = links.To($"/competitions/{a.Slug}");
        var account = links.To("/account");
        var body = $"{a.Body}\n\n-- \nFrom the organizers of {MailText.OneLine(a.Title)}, to the members of its registered teams. " +
            $"On the competition's page: {page}\nTurn announcements off on your account page: {account}";
        var subject = MailText.OneLine($"[{a.Title}] {a.Subject}", 250);
        foreach (var address in to)
        {
            await mail.SendAsync(new OutgoingMail(address, subject, body, [page]), ct);
        }
        await db.Announcements.Where(x => x.Id == announcementId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Recipients, (int?)to.Count), ct);
    }
}
