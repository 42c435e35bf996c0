using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Accounts;

public sealed record NewToken(Guid Id, string Name, string Token, string Prefix, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes);

/// <summary>Why a presented API token is not accepted; the message is returned to the caller.</summary>
public sealed record TokenCheck(User? User, string? Failure, IReadOnlyList<string>? Scopes = null);

/// <summary>What a signed-in session's user is now: an admin or not, and why they are refused when disabled.</summary>
public sealed record SessionUser(bool IsAdmin, string DisplayName, string? Refusal, string SecurityStamp = "");

/// <param name="hasher">The platform's PasswordHasher (registered in PlatformSetup; a test may wrap it to count its work).</param>
public sealed class AccountService(NasArenaDb db, TimeProvider clock, IPasswordHasher<User> hasher)
{
    private IPasswordHasher<User> Hasher => hasher;

    /// <summary>
    /// What an unknown address's password is checked against, so that it costs the same hash work as a known one and the
    /// answer's time does not tell which addresses have accounts. Made once by the same kind of hasher with the same
    /// (default) options as the real hashes, so verifying it takes the same iterations.
    /// </summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>().HashPassword(new User { Email = "", DisplayName = "", PasswordHash = "" }, Secrets.NewPassword()));
    public const int MinPasswordLength = 10;
    public const int MaxTokenDays = 366;

    /// <summary>
    /// An account whose address the caller vouches for, verified at once: the demo's seeded accounts, tests, an operator's
    /// tools. Self-service registration goes through <see cref="SignUpService"/>, which verifies the address by mail.
    /// </summary>
    public async Task<User> RegisterAsync(string email, string password, string displayName, CancellationToken ct)
    {
        (email, displayName) = CheckNewAccount(email, password, displayName);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
        {
            throw new ConflictException($"An account with the e-mail '{email}' exists already.");
        }
        var user = new User { Email = email, DisplayName = displayName, PasswordHash = "", EmailVerifiedAt = clock.GetUtcNow() };
        user.PasswordHash = Hasher.HashPassword(user, password!);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>The fields of a new account, normalized (address lower-cased, name trimmed), or the first one that is wrong.</summary>
    internal static (string Email, string DisplayName) CheckNewAccount(string email, string password, string displayName)
    {
        email = (email ?? "").Trim().ToLowerInvariant();
        displayName = (displayName ?? "").Trim();
        if (email.Length is 0 or > 320 || !email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))
        {
            throw new InvalidInputException("'email' must be an e-mail address such as ada@example.org.");
        }
        if ((password ?? "").Length < MinPasswordLength)
        {
            throw new InvalidInputException($"'password' must be at least {MinPasswordLength} characters long.");
        }
        if (displayName.Length is 0 or > 80)
        {
            throw new InvalidInputException("'displayName' must be 1 to 80 characters long.");
        }
        return (email, displayName);
    }

    /// <summary>Replaces a user's password (the demo's reset of accounts whose passwords were never shown).</summary>
    public async Task SetPasswordAsync(Guid userId, string password, CancellationToken ct)
    {
        if ((password ?? "").Length < MinPasswordLength)
        {
            throw new InvalidInputException($"'password' must be at least {MinPasswordLength} characters long.");
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new NotFoundException($"There is no account with id {userId}.");
        user.PasswordHash = Hasher.HashPassword(user, password!);
        await db.SaveChangesAsync(ct);
    }

    public async Task<User?> CheckPasswordAsync(string email, string password, CancellationToken ct)
    {
        email = (email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        // The hasher runs whether or not the address has an account (Why 11 of issue 23): same work, same time.
        var result = Hasher.VerifyHashedPassword(user ?? new User { Email = email, DisplayName = "", PasswordHash = "" },
            user?.PasswordHash ?? DummyHash.Value, password ?? "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            return null;
        }
        // Told only to whoever knows the password: a stranger cannot learn that an address has a disabled account.
        if (Disabled(user.DisabledAt, user.DisabledReason) is { } refusal)
        {
            throw new ForbiddenException(refusal);
        }
        return user;
    }

    /// <summary>The one wording of a disabled account's refusal (sign-in, tokens, sessions): when, and the admin's reason.</summary>
    public static string? Disabled(DateTimeOffset? at, string? reason) => at is { } when
        ? $"This account was disabled by an administrator on {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Reason: {reason}"
        : null;

    /// <summary>
    /// The user behind a session cookie or a Blazor circuit, read by primary key with only the columns a check needs
    /// (one indexed lookup per request, ADR 0023); null when the account no longer exists.
    /// </summary>
    public async Task<SessionUser?> SessionUserAsync(Guid userId, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.IsAdmin, u.DisplayName, u.DisabledAt, u.DisabledReason, u.SecurityStamp }).SingleOrDefaultAsync(ct);
        return row is null ? null : new SessionUser(row.IsAdmin, row.DisplayName, Disabled(row.DisabledAt, row.DisabledReason), row.SecurityStamp);
    }

    /// <param name="scopes">What the token may do (TokenScopes); null or none: read and submit.</param>
    public async Task<NewToken> CreateTokenAsync(Guid userId, string name, int expiresInDays, IEnumerable<string>? scopes, CancellationToken ct)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 80)
        {
            throw new InvalidInputException("'name' must be 1 to 80 characters long.");
        }
        if (expiresInDays is < 1 or > MaxTokenDays)
        {
            throw new InvalidInputException($"'expiresInDays' must be between 1 and {MaxTokenDays}.");
        }
        var granted = TokenScopes.Normalize(scopes);
        var secret = Secrets.NewApiToken();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            TokenHash = Secrets.HashToken(secret),
            Prefix = secret[..(Secrets.TokenPrefix.Length + 6)],
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = clock.GetUtcNow().AddDays(expiresInDays),
            Scopes = TokenScopes.Format(granted),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new NewToken(token.Id, token.Name, secret, token.Prefix, token.ExpiresAt, granted);
    }

    public async Task<TokenCheck> CheckTokenAsync(string secret, CancellationToken ct)
    {
        var hash = Secrets.HashToken(secret);
        var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow();
        if (token is null)
        {
            return new(null, "The API token is not valid.");
        }
        if (token.RevokedAt is not null)
        {
            return new(null, $"The API token '{token.Name}' was revoked on {token.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
        }
        if (token.ExpiresAt <= now)
        {
            return new(null, $"The API token '{token.Name}' expired on {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC; create a new one.");
        }
        if (Disabled(token.User!.DisabledAt, token.User.DisabledReason) is { } refusal)
        {
            return new(null, $"The API token '{token.Name}' belongs to a disabled account. {refusal}");
        }
        // Written at most once a minute, so a busy script does not turn every request into a write.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return new(token.User, null, TokenScopes.Parse(token.Scopes));
    }

    public async Task RevokeTokenAsync(Guid userId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct)
            ?? throw new NotFoundException($"You have no API token with id {tokenId}.");
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A user's tokens, oldest first (revoked and expired ones too, so the list explains a refused script).</summary>
    public Task<List<ApiToken>> TokensOfAsync(Guid userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt).ToListAsync(ct);

    public async Task<User> UserAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new NotFoundException($"There is no user with id {userId}.");
}
