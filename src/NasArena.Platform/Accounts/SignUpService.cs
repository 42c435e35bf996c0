using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts.Mail;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Accounts;

/// <summary>
/// Self-service registration with a verified address (ADR 0028). The answer never tells whether the address has an
/// account: a new address gets an unverified account and a verification link, an existing one a mail saying someone
/// tried to register with it. Both cost one password hash and one mail, so neither is told apart by time either.
/// </summary>
public sealed class SignUpService(NasArenaDb db, TimeProvider clock, MailSender mail, MailLinks links, IPasswordHasher<User> hasher)
{
    /// <summary>How long a verification link works; a later registration or sign-up attempt mails a fresh one.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(2);

    /// <summary>The one answer to every registration that passes the field checks.</summary>
    public const string CheckYourMailbox =
        "Check your mailbox: we sent a message to the address you gave. Follow its link to verify the address before signing in to register for competitions.";

    public const string VerifyPath = "/account/verify";
    public const string ReleasePath = "/account/release";

    public async Task SignUpAsync(string email, string password, string displayName, CancellationToken ct)
    {
        (email, displayName) = AccountService.CheckNewAccount(email, password, displayName);
        var existing = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (existing is not null)
        {
            // The same work as a new account (one hash), then a mail only the address's owner reads.
            _ = hasher.HashPassword(existing, password);
            await mail.SendAsync(await AttemptMailAsync(existing, ct), ct);
            return;
        }
        var user = new User { Email = email, DisplayName = displayName, PasswordHash = "", CreatedAt = clock.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        var secret = NewLink(user);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Email == email, ct))
            {
                return; // registered by a concurrent request an instant ago: that one's mail is on its way, the answer is the same
            }
            throw;
        }
        var url = links.To($"{VerifyPath}?token={secret}");
        var release = links.To($"{ReleasePath}?token={secret}");
        await mail.SendAsync(new OutgoingMail(email, "Verify your e-mail address for NasArena",
            $"Hello {displayName},\n\nsomeone (we hope you) registered a NasArena account with this address. Follow this link within " +
            $"{LinkLifetime.TotalHours:0} hours to verify it:\n\n{url}\n\nUntil then the account cannot register for competitions, " +
            "join teams, submit or accept an invitation to organize.\n\nIf you did not register, someone else used your address: " +
            $"release it here, and register it yourself if you wish:\n\n{release}\n", [url, release]), ct);
    }

    /// <summary>Marks the address of the link's account verified; the link works once, within <see cref="LinkLifetime"/>.</summary>
    public async Task<User> VerifyAsync(string? token, CancellationToken ct)
    {
        var user = await ByLinkAsync(token, ct);
        user.EmailVerifiedAt ??= clock.GetUtcNow();
        user.VerificationTokenHash = null;
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>The unverified account a link belongs to, for the page that offers to release its address.</summary>
    public Task<User> UnverifiedByLinkAsync(string? token, CancellationToken ct) => ByLinkAsync(token, ct);

    /// <summary>
    /// "Not me": the owner of the mailbox frees their address from an account someone else registered with it and never
    /// verified (the same link's secret proves the mailbox). The account is disabled and renamed to an address nobody has,
    /// so the owner can register the address themselves; its sessions and tokens stop at once (ADR 0023).
    /// </summary>
    public async Task ReleaseAsync(string? token, CancellationToken ct)
    {
        var user = await ByLinkAsync(token, ct);
        if (user.EmailVerifiedAt is not null)
        {
            throw new ConflictException($"The address {user.Email} was verified by its owner: it is not released by a link.");
        }
        var address = user.Email;
        var now = clock.GetUtcNow();
        user.Email = $"released-{user.Id:N}@released.invalid";
        user.VerificationTokenHash = null;
        user.DisabledAt = now;
        user.DisabledReason = $"The owner of {address} said on {now:yyyy-MM-dd HH:mm} UTC that they did not register this account; it was never verified, so the address was released.";
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
    }

    private async Task<User> ByLinkAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidInputException("'token' is missing: it is the part after 'token=' in the link of the verification mail.");
        }
        var hash = Secrets.HashToken(token.Trim());
        var user = await db.Users.SingleOrDefaultAsync(u => u.VerificationTokenHash == hash, ct)
            ?? throw new NotFoundException("This link is not valid: it was used already or replaced by a newer one. " +
                "Sign in; if your address is not verified yet, the account page sends a new link.");
        if (user.VerificationSentAt + LinkLifetime < clock.GetUtcNow())
        {
            throw new ConflictException($"This link expired on {user.VerificationSentAt + LinkLifetime:yyyy-MM-dd HH:mm} UTC. " +
                "Sign in; the account page sends a new link.");
        }
        return user;
    }

    /// <summary>A fresh link for a signed-in user whose address is not verified yet (the earlier link stops working).</summary>
    public async Task ResendAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new NotFoundException($"There is no account with id {userId}.");
        if (user.EmailVerifiedAt is not null)
        {
            throw new ConflictException($"The address {user.Email} is verified already.");
        }
        var secret = NewLink(user);
        await db.SaveChangesAsync(ct);
        var url = links.To($"{VerifyPath}?token={secret}");
        await mail.SendAsync(new OutgoingMail(user.Email, "Verify your e-mail address for NasArena",
            $"Hello {user.DisplayName},\n\nfollow this link within {LinkLifetime.TotalHours:0} hours to verify this address:\n\n{url}\n", [url]), ct);
    }

    /// <summary>To an address that has an account: someone tried to register it. Unverified: a fresh link, with a warning.</summary>
    private async Task<OutgoingMail> AttemptMailAsync(User existing, CancellationToken ct)
    {
        var signIn = links.To("/account/sign-in");
        var text = $"Hello,\n\nsomeone tried to register a new NasArena account with this address on {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC. " +
            $"It has an account already (created on {existing.CreatedAt:yyyy-MM-dd}), which is unchanged. If that was you, sign in:\n\n{signIn}\n\n" +
            "If you forgot the password, ask an administrator to reset it. If it was not you, ignore this message.\n";
        if (existing.EmailVerifiedAt is not null)
        {
            return new OutgoingMail(existing.Email, "Someone tried to register with your address", text, [signIn]);
        }
        var secret = NewLink(existing);
        await db.SaveChangesAsync(ct);
        var verify = links.To($"{VerifyPath}?token={secret}");
        var release = links.To($"{ReleasePath}?token={secret}");
        return new OutgoingMail(existing.Email, "Someone tried to register with your address", text +
            $"\nThat account's address is not verified yet. Only if you created it (named '{existing.DisplayName}'), verify it here:\n\n{verify}\n\n" +
            $"If you did not create it, release your address from it here, then register it yourself:\n\n{release}\n",
            [signIn, verify, release]);
    }

    private string NewLink(User user)
    {
        var secret = Secrets.NewApiToken()[Secrets.TokenPrefix.Length..];
        user.VerificationTokenHash = Secrets.HashToken(secret);
        user.VerificationSentAt = clock.GetUtcNow();
        return secret;
    }
}
