using System.Security.Claims;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Auth;

public static class ActorExtensions
{
    public const string AdminClaim = "nasarena:admin";

    /// <summary>The user's security stamp when the cookie was issued (ADR 0029); a cookie without one is from before stamps ("").</summary>
    public const string StampClaim = "nasarena:stamp";

    public static string Stamp(this ClaimsPrincipal user) => user.FindFirstValue(StampClaim) ?? "";

    /// <summary>The platform's view of the caller: null when anonymous.</summary>
    public static Actor? Actor(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? new Actor(id, user.HasClaim(AdminClaim, "true"))
            : null;

    /// <param name="scopes">An API token's scopes, as claims (ScopePolicies); a session has every scope and carries none.</param>
    public static ClaimsPrincipal Principal(Platform.Domain.User user, string scheme, IEnumerable<string>? scopes = null) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(AdminClaim, user.IsAdmin ? "true" : "false"),
            .. (scopes ?? []).Select(s => new Claim(ScopePolicies.ScopeClaim, s)),
            new Claim(StampClaim, user.SecurityStamp),
        ], scheme));
}
