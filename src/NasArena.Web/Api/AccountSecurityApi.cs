using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>E-mail verification, password change and "sign out everywhere" (ADR 0028, 0029), under /api/v1/account.</summary>
public static class AccountSecurityApi
{
    public sealed record VerifyRequest(string Token);
    public sealed record PasswordRequest(string CurrentPassword, string NewPassword);
    public sealed record SignOutEverywhereRequest(bool RevokeTokens);
    public sealed record SignOutEverywhereResponse(int TokensRevoked);

    public static RouteGroupBuilder MapAccountSecurityApi(this RouteGroupBuilder account)
    {
        account.MapPost("/verify", Verify).AllowAnonymous().ProducesProblems(400, 404, 409);
        account.MapPost("/release", Release).AllowAnonymous().ProducesProblems(400, 404, 409);
        account.MapPost("/verification-mail", Resend).RequireSession().ProducesProblems(400, 409);
        account.MapPost("/password", ChangePassword).RequireSession().ProducesProblems(400, 403);
        account.MapPost("/sign-out-everywhere", SignOutEverywhere).RequireSession().ProducesProblems(400);
        return account;
    }

    /// <summary>The token of the verification mail's link (the page at the link does the same).</summary>
    public static async Task<NoContent> Verify(VerifyRequest body, SignUpService signUp, CancellationToken ct)
    {
        await signUp.VerifyAsync(body.Token, ct);
        return TypedResults.NoContent();
    }

    /// <summary>"Not me": frees the address from the unverified account someone else registered with it (ADR 0028).</summary>
    public static async Task<NoContent> Release(VerifyRequest body, SignUpService signUp, CancellationToken ct)
    {
        await signUp.ReleaseAsync(body.Token, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted> Resend(ClaimsPrincipal principal, SignUpService signUp, CancellationToken ct)
    {
        await signUp.ResendAsync(principal.Actor()!.UserId, ct);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Needs the current password; every other session ends, this one's cookie is re-issued with the new stamp.</summary>
    public static async Task<NoContent> ChangePassword(PasswordRequest body, ClaimsPrincipal principal, AccountSecurity security, HttpContext ctx, CancellationToken ct)
    {
        var user = await security.ChangePasswordAsync(principal.Actor()!.UserId, body.CurrentPassword, body.NewPassword, ct);
        if (principal.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                ActorExtensions.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        }
        return TypedResults.NoContent();
    }

    /// <summary>Ends every cookie session of the caller, this one included; <c>revokeTokens</c> also revokes every API token.</summary>
    public static async Task<Ok<SignOutEverywhereResponse>> SignOutEverywhere(SignOutEverywhereRequest? body, ClaimsPrincipal principal,
        AccountSecurity security, HttpContext ctx, CancellationToken ct)
    {
        var revoked = await security.SignOutEverywhereAsync(principal.Actor()!.UserId, body?.RevokeTokens ?? false, ct);
        if (principal.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        return TypedResults.Ok(new SignOutEverywhereResponse(revoked));
    }
}
