using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Submissions;

/// <summary>
/// The quota rules of ADR 0043 in one place: what a team has left, what a participant-caused failure and a cancellation
/// cost, and the words that say so.
/// </summary>
public static class QuotaRules
{
    public static string Describe(FailedSubmissionPolicy policy) => policy switch
    {
        FailedSubmissionPolicy.Free =>
            "Only scored submissions count: failed ones (yours or the platform's) and those cancelled before scoring starts are refunded.",
        FailedSubmissionPolicy.SeparateQuota =>
            "Submissions that fail for a fault of yours (a rejected file, a package error) use the separate failed-submission quota " +
            "instead of this one; the platform's failures and submissions cancelled before scoring starts are refunded.",
        _ =>
            "Submissions that fail for a fault of yours (a rejected file, a package error) count; the platform's failures and " +
            "submissions cancelled before scoring starts are refunded.",
    };

    /// <summary>What a participant-caused failure does to the row's two counters under <paramref name="policy"/>.</summary>
    public static (bool KeepsQuota, bool ChargesFailed) OnParticipantFailure(FailedSubmissionPolicy policy) => policy switch
    {
        FailedSubmissionPolicy.Free => (false, false),
        FailedSubmissionPolicy.SeparateQuota => (false, true),
        _ => (true, false),
    };

    /// <summary>What the team has left: in-flight submissions (uploading, queued, running) count until they end.</summary>
    public static async Task<QuotaLeft> LeftAsync(NasArenaDb db, Phase phase, Guid teamId, DateTimeOffset now, CancellationToken ct)
    {
        // Debug runs have their own quota (ADR 0044) and never use this one.
        var mine = db.Submissions.Where(s => s.PhaseId == phase.Id && s.TeamId == teamId && !s.IsDebug);
        var counted = mine.Where(s => s.CountsAgainstQuota);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        int? leftTotal = phase.TotalLimit is { } total ? Math.Max(0, total - await counted.CountAsync(ct)) : null;
        int? leftToday = phase.DailyLimit is { } daily ? Math.Max(0, daily - await counted.CountAsync(s => s.CreatedAt >= dayStart, ct)) : null;
        if (phase.FailurePolicy != FailedSubmissionPolicy.SeparateQuota)
        {
            return new QuotaLeft(phase.DailyLimit, leftToday, phase.TotalLimit, leftTotal, dayStart.AddDays(1), phase.FailurePolicy);
        }
        var failed = mine.Where(s => s.CountsAsFailed);
        int? failedTotal = phase.FailedTotalLimit is { } ft ? Math.Max(0, ft - await failed.CountAsync(ct)) : null;
        int? failedToday = phase.FailedDailyLimit is { } fd ? Math.Max(0, fd - await failed.CountAsync(s => s.CreatedAt >= dayStart, ct)) : null;
        return new QuotaLeft(phase.DailyLimit, leftToday, phase.TotalLimit, leftTotal, dayStart.AddDays(1), phase.FailurePolicy,
            phase.FailedDailyLimit, failedToday, phase.FailedTotalLimit, failedTotal);
    }

    /// <summary>The organizer's choice, checked: limits only under the separate policy, each at least 1.</summary>
    public static void Check(FailedSubmissionPolicy policy, int? failedDaily, int? failedTotal)
    {
        if (policy != FailedSubmissionPolicy.SeparateQuota && (failedDaily is not null || failedTotal is not null))
        {
            throw new InvalidInputException(
                $"'failedDailyLimit' and 'failedTotalLimit' apply only to the policy 'SeparateQuota', not '{policy}'.");
        }
        if (policy == FailedSubmissionPolicy.SeparateQuota && failedDaily is null && failedTotal is null)
        {
            throw new InvalidInputException("The policy 'SeparateQuota' needs 'failedDailyLimit' or 'failedTotalLimit' (or both).");
        }
        if (failedDaily is < 1 or > 10_000)
        {
            throw new InvalidInputException($"'failedDailyLimit' must be between 1 and 10000, not {failedDaily}.");
        }
        if (failedTotal is < 1 or > 1_000_000)
        {
            throw new InvalidInputException($"'failedTotalLimit' must be between 1 and 1000000, not {failedTotal}.");
        }
    }
}
