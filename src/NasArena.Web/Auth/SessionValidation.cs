using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Auth;

/// <summary>
/// The session cookie is only a claim of who the caller was when they signed in. Each cookie-authenticated request
/// checks the user's row by primary key (ADR 0023), as kept by <see cref="SessionCache"/> for a few seconds (ADR 0036: a
/// change made by this process at once, by another replica within the cache's bound): a deleted or disabled account is signed out, a cookie whose admin flag (or name) is stale is replaced by one
/// with the current values, so taking admin rights away closes /admin/hangfire, the downloads and the API at the next request.
/// A cookie whose security stamp is not the user's current one (password changed, signed out everywhere) is signed out too.
/// </summary>
public static class SessionValidation
{
    /// <summary>Why the last request's cookie was refused, for the sign-in page it is sent to (read from HttpContext.Items).</summary>
    public const string RefusalKey = "nasarena:session-refusal";

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal?.Actor() is not { } actor)
        {
            return;
        }
        var services = ctx.HttpContext.RequestServices;
        // Kept per user for a few seconds (ADR 0036): no database round trip per request; a change made here drops it at once.
        var now = await services.GetRequiredService<SessionCache>().GetAsync(actor.UserId,
            // Not cancelled with this request: others of the same user may be waiting for this one read (one indexed row).
            () => services.GetRequiredService<AccountService>().SessionUserAsync(actor.UserId, CancellationToken.None));
        // A different stamp: the password was changed or "sign out everywhere" was used since this cookie was issued (ADR 0029).
        var ended = now is not null && now.SecurityStamp != ctx.Principal.Stamp()
            ? "You signed out everywhere or changed your password since this session began; sign in again." : null;
        if (now is null || now.Refusal is not null || ended is not null)
        {
            ctx.HttpContext.Items[RefusalKey] = now?.Refusal ?? ended ?? "This account no longer exists.";
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (now.IsAdmin != actor.IsAdmin || now.DisplayName != ctx.Principal.Identity?.Name)
        {
            var user = await services.GetRequiredService<AccountService>().UserAsync(actor.UserId, ctx.HttpContext.RequestAborted);
            ctx.ReplacePrincipal(ActorExtensions.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
            ctx.ShouldRenew = true;
        }
    }
}
