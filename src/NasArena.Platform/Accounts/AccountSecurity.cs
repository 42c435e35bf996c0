using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Accounts;

/// <summary>
/// What a signed-in user does to their own credentials (ADR 0029): change the password, and end every session. Both
/// draw a new <see cref="User.SecurityStamp"/>; every cookie carries the stamp it was issued with and is refused at its
/// next request once they differ. The caller re-issues the cookie of the session that asked, so it stays signed in.
/// </summary>
public sealed class AccountSecurity(NasArenaDb db, TimeProvider clock, IPasswordHasher<User> hasher)
{
    public async Task<User> ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            throw new InvalidInputException("'currentPassword' is missing: changing the password needs the current one.");
        }
        if ((newPassword ?? "").Length < AccountService.MinPasswordLength)
        {
            throw new InvalidInputException($"'newPassword' must be at least {AccountService.MinPasswordLength} characters long.");
        }
        var user = await UserAsync(userId, ct);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            throw new ForbiddenException("'currentPassword' is wrong: the password was not changed.");
        }
        user.PasswordHash = hasher.HashPassword(user, newPassword!);
        // Whoever knew the old password is signed out everywhere, except the session that changed it (re-issued by the caller).
        user.SecurityStamp = NewStamp();
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Ends every cookie session of the user (this one too, unless the caller re-issues it); with <paramref name="revokeTokens"/>, revokes every API token.</summary>
    public async Task<int> SignOutEverywhereAsync(Guid userId, bool revokeTokens, CancellationToken ct)
    {
        var user = await UserAsync(userId, ct);
        user.SecurityStamp = NewStamp();
        await db.SaveChangesAsync(ct);
        if (!revokeTokens)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private async Task<User> UserAsync(Guid userId, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException($"There is no account with id {userId}.");

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
