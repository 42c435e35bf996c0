using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace NasArena.Web.Auth;

/// <summary>
/// Who may open the organizer and admin pages, decided before a byte of the page is rendered (the endpoint's
/// [Authorize]): a visitor is sent to sign in, a signed-in user without the right gets a 403 page, never a page that
/// renders half and then says no. The same Access rules as the services, so a page and its API agree.
/// </summary>
public static class PagePolicies
{
    public const string Admin = "admin";
    public const string Organizer = "organizer-of-route-competition";

    public static AuthorizationBuilder AddNasArenaPagePolicies(this AuthorizationBuilder builder)
    {
        builder.Services.AddScoped<IAuthorizationHandler, OrganizerOfRouteCompetitionHandler>();
        return builder
            // A token opening these pages (a script fetching HTML) needs the manage scope, as their API does.
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(ActorExtensions.AdminClaim, "true")
                .AddRequirements(new ScopeRequirement([Platform.Accounts.TokenScopes.Manage])))
            .AddPolicy(Organizer, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizerOfRouteCompetition(),
                new ScopeRequirement([Platform.Accounts.TokenScopes.Manage])));
    }
}

/// <summary>The caller organizes the competition named by the route's {slug} (admins organize every competition).</summary>
public sealed class OrganizerOfRouteCompetition : IAuthorizationRequirement;

public sealed class OrganizerOfRouteCompetitionHandler(NasArenaDb db, Access access) : AuthorizationHandler<OrganizerOfRouteCompetition>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizerOfRouteCompetition requirement)
    {
        // The HTTP request (prerender) passes its HttpContext; the circuit's router passes the page's RouteData.
        var slug = context.Resource switch
        {
            HttpContext http => http.GetRouteValue("slug") as string,
            // Routes.razor passes it explicitly (Resource="routeData"); the key is the parameter's name as the template spells it.
            Microsoft.AspNetCore.Components.RouteData route => route.RouteValues
                .FirstOrDefault(kv => string.Equals(kv.Key, "slug", StringComparison.OrdinalIgnoreCase)).Value?.ToString(),
            _ => null,
        };
        if (slug is null || context.User.Actor() is not { } actor)
        {
            return;
        }
        var competitionId = await db.Competitions.Where(c => c.Slug == slug).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
        // A competition that does not exist: admins see the page say so; others are refused as for any other one.
        if (competitionId is null ? actor.IsAdmin : await access.IsOrganizerAsync(actor, competitionId.Value, CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}
