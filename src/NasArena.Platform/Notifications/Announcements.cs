using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Notifications;

public sealed record AnnouncementInput(string? Subject, string? Body);

/// <param name="Recipients">How many it was mailed to, shown to the competition's organizers only (null for everyone else,
/// and while it is being mailed).</param>
/// <param name="Sent">Organizers only: whether the mail went out (null for everyone else).</param>
public sealed record AnnouncementView(Guid Id, string Subject, string Body, DateTimeOffset CreatedAt, int? Recipients, bool? Sent);

/// <summary>
/// Organizers' announcements (ADR 0047): mailed to the members of the competition's approved registrations, and nobody
/// else, shown on its page; one line of subject, plain text, a few a day.
/// </summary>
public sealed class Announcements(NasArenaDb db, CompetitionService competitions, Access access, NotificationOptions options,
    IBackgroundJobClient jobs, TimeProvider clock)
{
    public const int MaxSubject = 150;
    public const int MaxBody = 10_000;

    public async Task<AnnouncementView> PostAsync(Actor? actor, string slug, AnnouncementInput input, CancellationToken ct)
    {
        var competition = await competitions.ForOrganizerAsync(actor, slug, ct);
        var subject = CheckSubject(input.Subject);
        var body = CheckBody(input.Body);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two announcements posted at once are counted one after the other: the competition's row is held until commit.
        await db.Competitions.Where(c => c.Id == competition.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Title, c => c.Title), ct);
        var since = now.AddDays(-1);
        var recent = await db.Announcements.Where(a => a.CompetitionId == competition.Id && a.CreatedAt > since)
            .Select(a => a.CreatedAt).ToListAsync(ct);
        if (recent.Count >= options.AnnouncementsPerDay)
        {
            var next = recent.Min().AddDays(1);
            throw new RateLimitedException(
                $"A competition may send {options.AnnouncementsPerDay} announcements in 24 hours; the next one may go at {next.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                (int)Math.Ceiling(Math.Max(1, (next - now).TotalSeconds)));
        }
        var announcement = new Announcement
        {
            CompetitionId = competition.Id,
            AuthorId = actor!.UserId,
            Subject = subject,
            Body = body,
            CreatedAt = now,
        };
        db.Announcements.Add(announcement);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        jobs.Enqueue<AnnouncementMailJob>(Queues.Cpu, j => j.SendAsync(announcement.Id, CancellationToken.None));
        return new AnnouncementView(announcement.Id, subject, body, now, null, false);
    }

    /// <summary>Newest first, to whoever may see the competition; the recipient counts to its organizers only.</summary>
    public async Task<List<AnnouncementView>> ListAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        var organizer = await access.IsOrganizerAsync(actor, competition.Id, ct);
        var rows = await db.Announcements.AsNoTracking().Where(a => a.CompetitionId == competition.Id).ToListAsync(ct);
        return rows.OrderByDescending(a => a.CreatedAt)
            .Select(a => new AnnouncementView(a.Id, a.Subject, a.Body, a.CreatedAt, organizer ? a.Recipients : null, organizer ? a.Recipients != null : null))
            .ToList();
    }

    private static string CheckSubject(string? subject)
    {
        var s = subject?.Trim() ?? "";
        if (s.Length is 0 or > MaxSubject || s.Any(char.IsControl))
        {
            throw new InvalidInputException(
                $"'subject' must be one line of 1 to {MaxSubject} characters without control characters (a line break would start a " +
                $"new mail header); got {s.Length} characters{(s.Any(char.IsControl) ? " with a control character" : "")}.");
        }
        return s;
    }

    private static string CheckBody(string? body)
    {
        var b = body?.Replace("\r\n", "\n").Trim() ?? "";
        if (b.Length is 0 or > MaxBody)
        {
            throw new InvalidInputException($"'body' must be 1 to {MaxBody} characters of plain text; got {b.Length}.");
        }
        if (b.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            throw new InvalidInputException("'body' must be plain text: line breaks and tabs are allowed, other control characters are not.");
        }
        return b;
    }
}
