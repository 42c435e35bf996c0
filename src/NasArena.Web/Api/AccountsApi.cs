using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Web.Auth;
using NasArena.Web.RateLimiting;

namespace NasArena.Web.Api;

public static class AccountsApi
{
    public sealed record RegisterRequest(string Email, string Password, string DisplayName);
    public sealed record LoginRequest(string Email, string Password);
    public sealed record UserResponse(Guid Id, string Email, string DisplayName, bool IsAdmin, bool EmailVerified);
    /// <param name="Scopes">Any of read, submit, manage (ADR 0026); none named: read and submit. Read is always granted.</param>
    public sealed record TokenRequest(string Name, int? ExpiresInDays, string[]? Scopes);
    public sealed record TokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, IReadOnlyList<string> Scopes);
    public sealed record AntiforgeryResponse(string Token, string HeaderName);
    public sealed record RegisterAnswer(string Message);

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/account").WithTags("Account");
        // 202 with the same body whether the address had an account or not (ADR 0028).
        group.MapPost("/register", Register).AllowAnonymous().LimitedAs(Limited.Registration).ProducesProblems(400, 429);
        group.MapAccountSecurityApi();
        group.MapPost("/login", Login).AllowAnonymous().LimitedAs(Limited.SignIn).ProducesProblems(400, 403, 429);
        group.MapPost("/logout", Logout).RequireAuthorization().ProducesProblems(400);
        group.MapGet("/me", Me).RequireScope(TokenScopes.Read);
        group.MapGet("/antiforgery", Antiforgery).AllowAnonymous();
        // Only a signed-in session manages tokens (ADR 0026): a token that could make tokens would outlive its own revocation.
        group.MapPost("/tokens", CreateToken).RequireSession().LimitedAs(Limited.Tokens).ProducesProblems(400, 403, 429);
        group.MapGet("/tokens", ListTokens).RequireSession().ProducesProblems(403);
        group.MapDelete("/tokens/{id:guid}", RevokeToken).RequireSession().ProducesProblems(400, 403, 404);
        return api;
    }

    private static UserResponse View(Platform.Domain.User u) => new(u.Id, u.Email, u.DisplayName, u.IsAdmin, u.EmailVerifiedAt is not null);

    /// <summary>
    /// Never says whether the address has an account (ADR 0028): a new one gets a verification link, an existing one a
    /// mail that someone tried; both answer these same bytes. Nobody is signed in: the link proves the address first.
    /// </summary>
    public static async Task<Accepted<RegisterAnswer>> Register(RegisterRequest body, SignUpService signUp, CancellationToken ct)
    {
        await signUp.SignUpAsync(body.Email, body.Password, body.DisplayName, ct);
        return TypedResults.Accepted((string?)null, new RegisterAnswer(SignUpService.CheckYourMailbox));
    }

    public static async Task<Ok<UserResponse>> Login(LoginRequest body, AccountService accounts, SignInThrottle throttle, HttpContext ctx,
        CancellationToken ct)
    {
        throttle.EnsureAllowed(body.Email);
        var user = await accounts.CheckPasswordAsync(body.Email, body.Password, ct);
        if (user is null)
        {
            throttle.Failed(body.Email);
            throw new UnauthenticatedException("The e-mail or the password is wrong.");
        }
        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorExtensions.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(View(user));
    }

    public static async Task<NoContent> Logout(HttpContext ctx, CancellationToken ct)
    {
        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<UserResponse>> Me(ClaimsPrincipal principal, NasArenaDb db, CancellationToken ct)
    {
        var id = principal.Actor()!.UserId;
        return TypedResults.Ok(View(await db.Users.SingleAsync(u => u.Id == id, ct)));
    }

    /// <summary>The token a browser sends in the X-XSRF-TOKEN header with each change it makes.</summary>
    public static Ok<AntiforgeryResponse> Antiforgery(IAntiforgery antiforgery, HttpContext ctx)
    {
        var tokens = antiforgery.GetAndStoreTokens(ctx);
        return TypedResults.Ok(new AntiforgeryResponse(tokens.RequestToken!, AuthSetup.AntiforgeryHeader));
    }

    /// <summary>The secret is in this response only: it is stored hashed.</summary>
    public static async Task<Created<NewToken>> CreateToken(TokenRequest body, ClaimsPrincipal principal, AccountService accounts, CancellationToken ct)
    {
        var token = await accounts.CreateTokenAsync(principal.Actor()!.UserId, body.Name, body.ExpiresInDays ?? 90, body.Scopes, ct);
        return TypedResults.Created($"/api/v1/account/tokens/{token.Id}", token);
    }

    public static async Task<Ok<List<TokenResponse>>> ListTokens(ClaimsPrincipal principal, NasArenaDb db, CancellationToken ct)
    {
        var id = principal.Actor()!.UserId;
        var tokens = await db.ApiTokens.Where(t => t.UserId == id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(tokens.Select(t => new TokenResponse(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
            TokenScopes.Parse(t.Scopes))).ToList());
    }

    public static async Task<NoContent> RevokeToken(Guid id, ClaimsPrincipal principal, AccountService accounts, CancellationToken ct)
    {
        await accounts.RevokeTokenAsync(principal.Actor()!.UserId, id, ct);
        return TypedResults.NoContent();
    }
}
