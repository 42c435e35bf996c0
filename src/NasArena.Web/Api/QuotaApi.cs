using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Accounts;
using NasArena.Platform.Jobs.Accounting;
using NasArena.Platform.Submissions;
using NasArena.Platform.Submissions.Debug;
using NasArena.Web.Auth;

namespace NasArena.Web.Api;

/// <summary>
/// A phase's quota (ADR 0043): what the caller's team has left with the rule for failed and cancelled submissions, and
/// the failed-submission policy its organizers set; and a competition's compute and its estimated cost (ADR 0045).
/// </summary>
public static class QuotaApi
{
    public static RouteGroupBuilder MapQuotaApi(this RouteGroupBuilder api)
    {
        var phase = api.MapGroup("/phases/{phaseId:guid}").WithTags("Quota");
        phase.MapGet("/quota", Left).RequireScope(TokenScopes.Read).ProducesProblems(403, 404);
        // Public like the phase itself: anyone who may see the phase may read its rule before signing up.
        phase.MapGet("/quota-policy", Policy).ProducesProblems(404);
        phase.MapPut("/quota-policy", SetPolicy).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        // Debug runs (ADR 0044): their own daily quota and time limit, under the operator's ceilings.
        phase.MapGet("/debug-runs", DebugRuns).ProducesProblems(404);
        phase.MapPut("/debug-runs", SetDebugRuns).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404);
        // Compute accounting (ADR 0045) for the competition's organizers, beside /statistics.
        api.MapGet("/competitions/{slug}/statistics/compute", Compute).WithTags("Organizing").RequireScope(TokenScopes.Manage).ProducesProblems(403, 404);
        return api;
    }

    /// <summary>What the caller's team may still submit ("3 of 20 submissions left today (UTC)") and the rule that applies.</summary>
    public static async Task<Ok<UploadsApi.QuotaView>> Left(Guid phaseId, ClaimsPrincipal user, SubmissionService submissions, CancellationToken ct) =>
        TypedResults.Ok(UploadsApi.QuotaView.From(await submissions.QuotaAsync(user.Actor(), phaseId, ct))!);

    /// <summary>Wall, CPU and GPU hours and peak memory per phase and per team, each per queue, with the estimated cost.</summary>
    public static async Task<Ok<ComputeSummary>> Compute(string slug, ClaimsPrincipal user, ComputeStatistics compute, CancellationToken ct) =>
        TypedResults.Ok(await compute.ComputeAsync(user.Actor(), slug, ct));

    public static async Task<Ok<DebugRunsView>> DebugRuns(Guid phaseId, ClaimsPrincipal user, DebugRunSettings debug, CancellationToken ct) =>
        TypedResults.Ok(await debug.GetAsync(user.Actor(), phaseId, ct));

    /// <summary>'dailyLimit' (null: debug runs off) and 'timeLimitSeconds' (null: the operator's ceiling), from now on.</summary>
    public static async Task<Ok<DebugRunsView>> SetDebugRuns(Guid phaseId, DebugRunsInput body, ClaimsPrincipal user, DebugRunSettings debug,
        CancellationToken ct) =>
        TypedResults.Ok(await debug.SetAsync(user.Actor(), phaseId, body, ct));

    public static async Task<Ok<QuotaPolicyView>> Policy(Guid phaseId, ClaimsPrincipal user, QuotaPolicyService policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.GetAsync(user.Actor(), phaseId, ct));

    /// <summary>Count (default), Free or SeparateQuota with 'failedDailyLimit' and/or 'failedTotalLimit'; from now on.</summary>
    public static async Task<Ok<QuotaPolicyView>> SetPolicy(Guid phaseId, QuotaPolicyInput body, ClaimsPrincipal user, QuotaPolicyService policies,
        CancellationToken ct) =>
        TypedResults.Ok(await policies.SetAsync(user.Actor(), phaseId, body, ct));
}
