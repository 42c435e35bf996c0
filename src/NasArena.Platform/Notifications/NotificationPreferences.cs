using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;

namespace NasArena.Platform.Notifications;

/// <summary>What mail a user wants: both on unless they turn them off (account page, REST).</summary>
public sealed record NotificationSettings(bool SubmissionEnded, bool Announcements);

public sealed class NotificationPreferences(NasArenaDb db)
{
    public async Task<NotificationSettings> GetAsync(Actor? actor, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        return await db.Users.AsNoTracking().Where(u => u.Id == user.UserId)
            .Select(u => new NotificationSettings(u.MailOnSubmissionEnd, u.MailAnnouncements)).SingleAsync(ct);
    }

    public async Task<NotificationSettings> SetAsync(Actor? actor, NotificationSettings settings, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        await db.Users.Where(u => u.Id == user.UserId).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.MailOnSubmissionEnd, settings.SubmissionEnded)
            .SetProperty(x => x.MailAnnouncements, settings.Announcements), ct);
        return settings;
    }
}
