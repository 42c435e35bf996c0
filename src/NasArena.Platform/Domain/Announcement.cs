namespace NasArena.Platform.Domain;

/// <summary>An organizer's message to the registered teams of a competition: mailed to their members, shown on its page.</summary>
public sealed class Announcement
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CompetitionId { get; set; }
    public Competition? Competition { get; set; }
    public Guid AuthorId { get; set; }

    /// <summary>One line, no control characters (checked: a CR or LF would start a mail header).</summary>
    public required string Subject { get; set; }

    /// <summary>Plain text: mailed as text/plain and shown as text, never as HTML.</summary>
    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Addresses it was mailed to (members of approved registrations, verified, not opted out); null until the
    /// mail job has sent it.</summary>
    public int? Recipients { get; set; }
}
