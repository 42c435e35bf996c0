using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Notifications;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>Mail a user wants (ADR 0047), and organizers' announcements to the registered teams of a competition.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account/notifications").WithTags("Account");
        account.MapGet("", GetSettings).RequireScope(TokenScopes.Read).ProducesProblems(401);
        // Changing what one is mailed is a participant's write: not with a read-only token.
        account.MapPut("", PutSettings).RequireScope(TokenScopes.Submit).ProducesProblems(400, 401, 403);
        var announcements = api.MapGroup("/competitions/{slug}/announcements").WithTags("Competitions");
        announcements.MapGet("", List).ProducesProblems(404);
        announcements.MapPost("", Post).RequireScope(TokenScopes.Manage).ProducesProblems(400, 401, 403, 404, 429);
        return api;
    }

    public static async Task<Ok<NotificationSettings>> GetSettings(ClaimsPrincipal user, NotificationPreferences preferences, CancellationToken ct) =>
        TypedResults.Ok(await preferences.GetAsync(user.Actor(), ct));

    public static async Task<Ok<NotificationSettings>> PutSettings(NotificationSettings body, ClaimsPrincipal user, NotificationPreferences preferences,
        CancellationToken ct) =>
        TypedResults.Ok(await preferences.SetAsync(user.Actor(), body, ct));

    public static async Task<Ok<List<AnnouncementView>>> List(string slug, ClaimsPrincipal user, Announcements announcements, CancellationToken ct) =>
        TypedResults.Ok(await announcements.ListAsync(user.Actor(), slug, ct));

    public static async Task<Created<AnnouncementView>> Post(string slug, AnnouncementInput body, ClaimsPrincipal user, Announcements announcements,
        CancellationToken ct)
    {
        var created = await announcements.PostAsync(user.Actor(), slug, body, ct);
        return TypedResults.Created($"/api/v1/competitions/{slug}/announcements", created);
    }
}
