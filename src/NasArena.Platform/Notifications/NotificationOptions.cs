using NasArena.Platform.Configuration;

namespace NasArena.Platform.Notifications;

/// <summary>Bound from the "Notifications" configuration section (ADR 0047).</summary>
public sealed class NotificationOptions : IOptionsSection
{
    public static string Section => "Notifications";

    /// <summary>Announcements one competition may send in any 24 hours: its organizers cannot flood their participants.</summary>
    public int AnnouncementsPerDay { get; set; } = 5;

    public IEnumerable<string> Problems() =>
        new[] { Check.Between($"{Section}:{nameof(AnnouncementsPerDay)}", AnnouncementsPerDay, 1, 100) }.OfType<string>();
}
