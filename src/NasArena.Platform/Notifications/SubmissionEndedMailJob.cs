using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts.Mail;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Notifications;

/// <summary>"Your submission was scored / failed / cancelled", with the reason and a link, to whoever submitted it.</summary>
public sealed class SubmissionEndedMailJob(NasArenaDb db, MailSender mail, MailLinks links)
{
    [AutomaticRetry(Attempts = 3)] // an SMTP server that is down for a minute; a mail may then arrive twice, never wrongly
    public async Task SendAsync(Guid id, CancellationToken ct)
    {
        var s = await db.Submissions.AsNoTracking().Where(x => x.Id == id).Select(x => new
        {
            x.Status,
            x.FileName,
            x.FailureReason,
            x.SubmittedById,
            x.IsBaseline,
            x.IsDebug,
            Competition = x.Phase!.Track!.Competition!.Title,
            Track = x.Phase.Track.Title,
            Phase = x.Phase.Title,
            x.Phase.PrimaryMetric,
            Primary = x.Score == null ? null : x.Score.PublicPrimary,
        }).SingleOrDefaultAsync(ct);
        // A debug run (ADR 0044) is a short trial its team watches on its page, with the log: a mail per try would only
        // be noise, and a burst of debug runs would become a burst of mail.
        if (s is null || s.IsDebug || s.Status is not (SubmissionStatus.Scored or SubmissionStatus.Failed or SubmissionStatus.Cancelled))
        {
            return;
        }
        var to = await db.Users.AsNoTracking()
            .Where(u => u.Id == s.SubmittedById && u.MailOnSubmissionEnd && u.EmailVerifiedAt != null && u.DisabledAt == null)
            .Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (to is null)
        {
            return; // opted out, unverified, disabled, or nobody (a seeded baseline)
        }
        var ended = s.Status.ToString().ToLowerInvariant();
        var page = links.To($"/submissions/{id}");
        var account = links.To("/account");
        var lines = new List<string>
        {
            $"Your submission {MailText.OneLine(s.FileName)} to {MailText.OneLine(s.Competition)} ({MailText.OneLine(s.Track)}, {MailText.OneLine(s.Phase)}) was {ended}.",
            "",
        };
        if (s.Status == SubmissionStatus.Scored && s.Primary is { } primary)
        {
            lines.Add($"Public {s.PrimaryMetric}: {primary.ToString("0.######", CultureInfo.InvariantCulture)}");
        }
        if (s.Status != SubmissionStatus.Scored && !string.IsNullOrWhiteSpace(s.FailureReason))
        {
            lines.Add($"Reason: {s.FailureReason}");
        }
        lines.AddRange(["", $"See it: {page}", "", $"You get this mail because you submitted it. Turn these mails off on your account page: {account}"]);
        await mail.SendAsync(new OutgoingMail(to, MailText.OneLine($"Submission {ended}: {s.FileName} ({s.Competition})"), string.Join("\n", lines),
            [page, account]), ct);
    }
}
