using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using NasArena.Platform.Accounts;
using NasArena.Platform.Errors;
using NasArena.Web.Hosting;

namespace NasArena.Web.Auth;

/// <summary>
/// What a caller's credentials allow (ADR 0026): an API token carries its scopes as claims; a signed-in browser session
/// has every scope and is the only credential that may make, list or revoke tokens. Each endpoint group names the
/// scope it needs (<see cref="RequireScope{TBuilder}"/>); these policies add to what the services check (who organizes
/// what), they never replace it. A refusal names the missing capability.
/// </summary>
public static class ScopePolicies
{
    public const string ScopeClaim = "nasarena:scope";
    public const string Session = "session";
    public const string SubmitOrManage = "scope:submit|manage";

    public static string For(string scope) => "scope:" + scope;

    public static AuthorizationBuilder AddNasArenaScopePolicies(this AuthorizationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, CredentialHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, CredentialRefusalWriter>();
        foreach (var scope in TokenScopes.All)
        {
            builder.AddPolicy(For(scope), p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement([scope])));
        }
        return builder
            .AddPolicy(SubmitOrManage, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement([TokenScopes.Submit, TokenScopes.Manage])))
            .AddPolicy(Session, p => p.RequireAuthenticatedUser().AddRequirements(new SessionRequirement()));
    }

    /// <summary>The caller signed in with the session cookie (a browser, or a Blazor circuit it opened), not with a token.</summary>
    public static bool IsSession(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme };

    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.IsSession() || user.HasClaim(ScopeClaim, scope);

    /// <summary>The route needs <paramref name="scope"/>; its OpenAPI operation lists the 403 a token without it gets.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(For(scope)).ProducesProblem(StatusCodes.Status403Forbidden);

    public static TBuilder RequireSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Session).ProducesProblem(StatusCodes.Status403Forbidden);
}

/// <summary>One of <paramref name="Scopes"/> is needed.</summary>
public sealed record ScopeRequirement(IReadOnlyList<string> Scopes) : IAuthorizationRequirement;

public sealed record SessionRequirement : IAuthorizationRequirement;

public sealed class CredentialHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case ScopeRequirement scope when scope.Scopes.Any(context.User.HasScope):
                case SessionRequirement when context.User.IsSession():
                    context.Succeed(requirement);
                    break;
                case ScopeRequirement scope when context.User.Identity?.IsAuthenticated == true:
                    context.Fail(new AuthorizationFailureReason(this,
                        $"This API token lacks the {string.Join(" or the ", scope.Scopes.Select(s => $"'{s}'"))} scope, which this endpoint needs; " +
                        "make a token with it on the API tokens page (signed in)."));
                    break;
                case SessionRequirement when context.User.Identity?.IsAuthenticated == true:
                    context.Fail(new AuthorizationFailureReason(this,
                        "API tokens cannot make, list or revoke API tokens, whatever their scopes: that needs a signed-in browser session " +
                        "(the API tokens page, or this API with the session cookie)."));
                    break;
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>Answers a refusal of these policies as a ProblemDetails naming the missing capability; any other as the framework does.</summary>
public sealed class CredentialRefusalWriter : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result) =>
        result.Forbidden && result.AuthorizationFailure?.FailureReasons.FirstOrDefault(r => r.Handler is CredentialHandler) is { } reason
            ? ProblemMapper.WriteAsync(context, new ForbiddenException(reason.Message))
            : _default.HandleAsync(next, context, policy, result);
}
