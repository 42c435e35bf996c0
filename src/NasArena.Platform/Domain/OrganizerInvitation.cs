namespace NasArena.Platform.Domain;

/// <summary>
/// An organizer's invitation of an address to organize a competition (ADR 0028). Nobody is made organizer by an address
/// typed in: the invitee accepts while signed in to an account whose verified address is <see cref="Email"/>.
/// </summary>
public sealed class OrganizerInvitation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CompetitionId { get; set; }
    public Competition? Competition { get; set; }

    /// <summary>Lower-cased, as <see cref="User.Email"/>.</summary>
    public required string Email { get; set; }

    public Guid InvitedById { get; set; }
    public User? InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedById { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && WithdrawnAt is null && ExpiresAt > now;
}
