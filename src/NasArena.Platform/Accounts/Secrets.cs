using System.Security.Cryptography;
using System.Text;

namespace NasArena.Platform.Accounts;

public static class Secrets
{
    public const string TokenPrefix = "nsa_";

    /// <summary>A new API token secret: 256 random bits, URL-safe, with a recognisable prefix (secret scanners look for it).</summary>
    public static string NewApiToken() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Tokens are high-entropy, so a plain SHA-256 is enough to store them (no slow hash needed).</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewJoinCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');
}
