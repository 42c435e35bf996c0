using System.Security.Claims;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Organizing;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>Platform administration for scripts, as on the admin pages: users, queues and workers, stuck submissions.</summary>
public static class AdminApi
{
    public sealed record AdminFlag(bool Admin);
    public sealed record DisableRequest(string? Reason);
    public sealed record OrganizerFlag(bool Organizer);

    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Admin").RequireScope(TokenScopes.Manage);
        group.MapGet("/users", Users).ProducesProblems(403);
        group.MapPut("/users/{id:guid}/admin", SetAdmin).ProducesProblems(400, 403, 404, 409);
        group.MapPut("/users/{id:guid}/organizer", SetOrganizer).ProducesProblems(400, 403, 404);
        group.MapPost("/users/{id:guid}/disable", Disable).ProducesProblems(400, 403, 404, 409);
        group.MapPost("/users/{id:guid}/enable", Enable).ProducesProblems(400, 403, 404, 409);
        group.MapGet("/operations", Operations).ProducesProblems(403);
        group.MapPost("/submissions/{id:guid}/requeue", Requeue).ProducesProblems(400, 403, 404, 409);
        group.MapPost("/submissions/{id:guid}/fail", Fail).ProducesProblems(400, 403, 404, 409);
        return api;
    }

    public static async Task<Ok<List<UserRow>>> Users(string? search, ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.UsersAsync(user.Actor(), search, ct));

    public static async Task<Ok<UserRow>> SetAdmin(Guid id, AdminFlag body, ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SetAdminAsync(user.Actor(), id, body.Admin, ct));

    /// <summary>Makes a user "organizer" (may create competitions) or takes it back: {"organizer": true|false}.</summary>
    public static async Task<Ok<UserRow>> SetOrganizer(Guid id, OrganizerFlag body, ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SetOrganizerAsync(user.Actor(), id, body.Organizer, ct));

    /// <summary>Disables an account with a reason its user reads; its tokens and sessions are refused from the next request on.</summary>
    public static async Task<Ok<UserRow>> Disable(Guid id, DisableRequest body, ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.DisableAsync(user.Actor(), id, body.Reason, ct));

    public static async Task<Ok<UserRow>> Enable(Guid id, ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.EnableAsync(user.Actor(), id, ct));

    public static async Task<Ok<Operations>> Operations(ClaimsPrincipal user, AdminService admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.OperationsAsync(user.Actor(), ct));

    public static async Task<NoContent> Requeue(Guid id, ClaimsPrincipal user, AdminService admin, CancellationToken ct)
    {
        await admin.RequeueAsync(user.Actor(), id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> Fail(Guid id, ClaimsPrincipal user, AdminService admin, CancellationToken ct)
    {
        await admin.FailAndRefundAsync(user.Actor(), id, ct);
        return TypedResults.NoContent();
    }
}

/// <summary>The Hangfire dashboard (/admin/hangfire) opens for the platform's administrators only, signed in with the session cookie.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public const string Path = "/admin/hangfire";

    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is var user && user.Actor() is { IsAdmin: true } && user.HasScope(TokenScopes.Manage);
}
