using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Auth;

/// <summary>
/// The user of a Blazor circuit. A circuit outlives the request that opened it, so the cookie's user is checked against
/// the database every minute: a deleted or disabled account, or one whose admin right was taken away, drops out of an open page
/// instead of keeping what the cookie said when the page was opened.
/// </summary>
public sealed class RevalidatingAuthState(ILoggerFactory logs, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        if (state.User.Actor() is not { } actor)
        {
            return true; // anonymous stays anonymous
        }
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>().SessionUserAsync(actor.UserId, ct);
        return user is { Refusal: null } && user.IsAdmin == actor.IsAdmin && user.SecurityStamp == state.User.Stamp();
    }

    /// <summary>The signed-in user's display name as the cookie has it.</summary>
    public static string? NameOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
}
