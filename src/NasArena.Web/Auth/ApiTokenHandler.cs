using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NasArena.Platform.Accounts;
using NasArena.Platform.Errors;
using NasArena.Web.Hosting;

namespace NasArena.Web.Auth;

/// <summary>Authenticates scripts by a personal API token in `Authorization: Bearer nsa_...`.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string FailureKey = "nasarena:token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        var accounts = Context.RequestServices.GetRequiredService<AccountService>();
        var check = await accounts.CheckTokenAsync(secret, Context.RequestAborted);
        if (check.User is null)
        {
            Context.Items[FailureKey] = check.Failure;
            return AuthenticateResult.Fail(check.Failure!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(ActorExtensions.Principal(check.User, SchemeName, check.Scopes), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A script needs to know why its token was refused (revoked? expired?), not just that it was.
        var detail = Context.Items[FailureKey] as string ?? "This endpoint needs an API token or a signed-in session.";
        Response.Headers.WWWAuthenticate = "Bearer";
        await ProblemMapper.WriteAsync(Context, new UnauthenticatedException(detail));
    }
}
