using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NasArena.Platform.Errors;
using NasArena.Web.Hosting;

namespace NasArena.Web.Auth;

/// <summary>
/// Browsers sign in with a cookie; scripts send an API token. One policy scheme picks between them per request (ADR 0006).
/// Antiforgery has two clients (ADR 0009): the REST API under /api wants the token in the X-XSRF-TOKEN header of every
/// cookie-authenticated change (checked here, never by reading a body); Blazor pages and forms carry it in the form
/// body, checked by the framework's UseAntiforgery on the endpoints that ask for it.
/// </summary>
public static class AuthSetup
{
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";
    public const string ApiPrefix = "/api";
    private const string Smart = "CookieOrToken";

    public static IServiceCollection AddNasArenaAuth(this IServiceCollection services)
    {
        services.TryAddSingleton<SessionCache>(); // Try: a test may put one with its own clock first
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "nasarena.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                // Every request checks the cookie's user against its row (ADR 0023), kept a few seconds (ADR 0036): a disabled
                // or deleted account is signed out, a changed admin right is written into a fresh cookie, instead of 14 days later.
                o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
                // An API answers 401/403; it never redirects to a login page. A browser page sends the visitor to sign in and back.
                o.Events.OnRedirectToLogin = ctx => ctx.Request.Path.StartsWithSegments(ApiPrefix)
                    ? ProblemMapper.WriteAsync(ctx.HttpContext, new UnauthenticatedException(
                        ctx.HttpContext.Items[SessionValidation.RefusalKey] is string refusal
                            ? $"Your session was ended: {refusal}"
                            : "Sign in or send an API token."))
                    : RedirectToSignIn(ctx.HttpContext);
                o.Events.OnRedirectToAccessDenied = ctx => ctx.Request.Path.StartsWithSegments(ApiPrefix)
                    ? ProblemMapper.WriteAsync(ctx.HttpContext, new ForbiddenException("You may not do this."))
                    : ForbiddenPage(ctx.HttpContext);
            });
        // After AddCookie: the framework's own post-configure makes the ticket format this one wraps (ADR 0036).
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, TicketCache.Setup>();
        services.AddAuthorizationBuilder().AddNasArenaPagePolicies().AddNasArenaScopePolicies();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "nasarena.antiforgery";
            // Secure whenever the request was https, also behind a TLS-terminating proxy (ForwardedHeadersSetup).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    public const string SignInPath = "/account/sign-in";

    /// <summary>A page the caller may not open (an organizer's or admin's): a 403 with a short page of its own, not the app's.</summary>
    private static Task ForbiddenPage(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · NasArena</title></head>" +
            "<body style=\"font-family:sans-serif;max-width:40rem;margin:3rem auto\"><h1>You may not open this page</h1>" +
            "<p class=\"nasarena-forbidden\">It is for the organizers of this competition or for administrators.</p>" +
            "<p><a href=\"/\">All competitions</a></p></body></html>");
    }

    private static Task RedirectToSignIn(HttpContext ctx)
    {
        ctx.Response.Redirect(SignInPath + "?returnUrl=" + Uri.EscapeDataString(ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Rejects a presented-but-invalid token even on endpoints open to anonymous callers, and requires the antiforgery
    /// header on every state-changing API request that rides on the session cookie (tokens are not sent by browsers on their own).
    /// </summary>
    public static IApplicationBuilder UseNasArenaRequestChecks(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Items[ApiTokenHandler.FailureKey] is string failure)
        {
            await ProblemMapper.WriteAsync(ctx, new UnauthenticatedException(failure));
            return;
        }
        var unsafeMethod = !(HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method) || HttpMethods.IsOptions(ctx.Request.Method));
        if (unsafeMethod && ctx.Request.Path.StartsWithSegments(ApiPrefix)
            && ctx.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            // The header is demanded before validating: without it the antiforgery service would look for the token
            // in a form body, and so buffer a whole multipart upload just to refuse it.
            var antiforgery = ctx.RequestServices.GetRequiredService<IAntiforgery>();
            if (!ctx.Request.Headers.ContainsKey(AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(ctx))
            {
                await ProblemMapper.WriteAsync(ctx, new AntiforgeryValidationException($"This request rides on a session cookie and needs the antiforgery token in the {AntiforgeryHeader} header " +
                    "(GET /api/v1/account/antiforgery gives it)."));
                return;
            }
        }
        await next();
    });
}
