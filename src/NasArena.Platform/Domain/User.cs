namespace NasArena.Platform.Domain;

public sealed class User
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Lower-cased on the way in, so uniqueness does not depend on the database's collation.</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsAdmin { get; set; }

    /// <summary>
    /// An admin made this user an "organizer": they may create competitions when the platform's setting
    /// (<c>Competitions:Creation</c>) is <c>Granted</c> (issue 23, ADR 0031). Admins may always.
    /// </summary>
    public bool CanCreateCompetitions { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When an admin disabled the account (null: enabled). A disabled user cannot sign in, their tokens and
    /// sessions are refused at the next request; their data stays (ADR 0023).</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Why, in the admin's words: shown to the user when they are refused.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>When the owner of <see cref="Email"/> followed the verification link (null: unverified). An unverified
    /// account may not register for competitions, join teams, submit or accept an organizer invitation (ADR 0028).</summary>
    public DateTimeOffset? EmailVerifiedAt { get; set; }

    /// <summary>SHA-256 of the verification link's secret (the secret is only in the mail); null once used.</summary>
    public string? VerificationTokenHash { get; set; }

    /// <summary>When the current verification link was sent: it is accepted for <c>SignUpService.LinkLifetime</c>.</summary>
    public DateTimeOffset? VerificationSentAt { get; set; }

    /// <summary>
    /// Every session cookie carries the stamp of its sign-in and is refused once it differs (ADR 0029): a password change
    /// or "sign out everywhere" draws a new one. Empty for accounts older than the stamp, whose cookies carry none.
    /// </summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Mail me when a submission of mine ends (scored, failed, cancelled); the user turns it off (issue 25).</summary>
    public bool MailOnSubmissionEnd { get; set; } = true;

    /// <summary>Mail me the announcements of the competitions I am registered for; the user turns it off.</summary>
    public bool MailAnnouncements { get; set; } = true;
}

/// <summary>A personal API token for scripts. Only its SHA-256 is stored; the secret is shown once.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the secret, so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>What the token may do, space-separated (Accounts.TokenScopes, ADR 0026). Tokens made before scopes existed
    /// keep every scope they had.</summary>
    public string Scopes { get; set; } = "read submit manage";
}
