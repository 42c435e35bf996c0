using Microsoft.AspNetCore.Identity;
using NasArena.Platform.Domain;

namespace NasArena.Attacks.Tests.SignIn;

/// <summary>The platform's own hasher, counting its verifications: the seam that shows which sign-ins paid for one.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
