using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Submissions;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>
/// A phase's quota (ADR 0043): what the caller's team has left with the rule for failed and cancelled submissions, and
/// the failed-submission policy its organizers set.
/// </summary>
public static class QuotaApi
{
    public static RouteGroupBuilder MapQuotaApi(this RouteGroupBuilder api)
    {
        var phase = api.MapGroup("/phases/{phaseId:guid}").WithTags("Quota").RequireScope(TokenScopes.Read);
        phase.MapGet("/quota", Left).ProducesProblems(403, 404);
        phase.MapGet("/quota-policy", Policy).ProducesProblems(404);
        phase.MapPut("/quota-policy", SetPolicy).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        return api;
    }

    /// <summary>What the caller's team may still submit ("3 of 20 submissions left today (UTC)") and the rule that applies.</summary>
    public static async Task<Ok<UploadsApi.QuotaView>> Left(Guid phaseId, ClaimsPrincipal user, SubmissionService submissions, CancellationToken ct) =>
        TypedResults.Ok(UploadsApi.QuotaView.From(await submissions.QuotaAsync(user.Actor(), phaseId, ct))!);

    public static async Task<Ok<QuotaPolicyView>> Policy(Guid phaseId, ClaimsPrincipal user, QuotaPolicyService policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.GetAsync(user.Actor(), phaseId, ct));

    /// <summary>Count (default), Free or SeparateQuota with 'failedDailyLimit' and/or 'failedTotalLimit'; from now on.</summary>
    public static async Task<Ok<QuotaPolicyView>> SetPolicy(Guid phaseId, QuotaPolicyInput body, ClaimsPrincipal user, QuotaPolicyService policies,
        CancellationToken ct) =>
        TypedResults.Ok(await policies.SetAsync(user.Actor(), phaseId, body, ct));
}
