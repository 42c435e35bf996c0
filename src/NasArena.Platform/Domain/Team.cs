namespace NasArena.Platform.Domain;

/// <summary>Participants submit as a team; a participant alone is a team of one.</summary>
public sealed class Team
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CompetitionId { get; set; }
    public required string Name { get; set; }

    /// <summary>Given to teammates so they can join at registration.</summary>
    public required string JoinCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The competition's own team: its organizers' entries (baselines, tests) are filed here, found by this flag and never
    /// by name; no registration can name or join it (issue 23, ADR 0030).
    /// </summary>
    public bool IsOrganizers { get; set; }
}

public enum RegistrationStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>A user's entry into a competition: rules accepted, a team, and (optionally) an organizer's approval.</summary>
public sealed class Registration
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CompetitionId { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public RegistrationStatus Status { get; set; }
    public DateTimeOffset RulesAcceptedAt { get; set; }

    /// <summary>What the organizers wrote when they refused it, shown to the participant; null once approved.</summary>
    public string? DecisionReason { get; set; }
}
