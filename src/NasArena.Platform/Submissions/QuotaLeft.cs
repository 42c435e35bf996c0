using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Submissions;

/// <summary>
/// What a team may still submit to a phase: null limits are unlimited (organizers have none). Under the separate
/// failed-submission policy the Failed* figures are that quota's (ADR 0043); <see cref="Rule"/> says which rule applies.
/// </summary>
public sealed record QuotaLeft(int? DailyLimit, int? LeftToday, int? TotalLimit, int? LeftTotal, DateTimeOffset? NextDay,
    FailedSubmissionPolicy Policy = FailedSubmissionPolicy.Count, int? FailedDailyLimit = null, int? FailedLeftToday = null,
    int? FailedTotalLimit = null, int? FailedLeftTotal = null, bool Debug = false)
{
    /// <summary>What is counted: a debug run's quota is its own (ADR 0044).</summary>
    private string Noun => Debug ? "debug runs" : "submissions";

    public static readonly QuotaLeft Unlimited = new(null, null, null, null, null);

    /// <summary>"3 of 20 submissions left today (UTC), 97 of 100 in total", as the participant's page and the CLI show it.</summary>
    public string Summary => (DailyLimit, TotalLimit) switch
    {
        (null, null) => "no submission limit",
        (not null, null) => $"{LeftToday} of {DailyLimit} {Noun} left today (UTC)",
        (null, not null) => $"{LeftTotal} of {TotalLimit} {Noun} left in total",
        _ => $"{LeftToday} of {DailyLimit} {Noun} left today (UTC), {LeftTotal} of {TotalLimit} in total",
    } + FailedSummary;

    private string FailedSummary => Policy != FailedSubmissionPolicy.SeparateQuota ? "" : (FailedDailyLimit, FailedTotalLimit) switch
    {
        (null, null) => "",
        (not null, null) => $"; {FailedLeftToday} of {FailedDailyLimit} failed submissions left today (UTC)",
        (null, not null) => $"; {FailedLeftTotal} of {FailedTotalLimit} failed submissions left in total",
        _ => $"; {FailedLeftToday} of {FailedDailyLimit} failed submissions left today (UTC), {FailedLeftTotal} of {FailedTotalLimit} in total",
    };

    /// <summary>The phase's rule for failed and cancelled submissions, in the words the submit panel and the CLI show.</summary>
    public string Rule => Debug ? Submissions.Debug.DebugRuns.Rule : QuotaRules.Describe(Policy);

    public void RefuseWhenSpent()
    {
        if (LeftTotal == 0)
        {
            throw new QuotaExceededException($"Your team has used all {TotalLimit} submissions of this phase.");
        }
        if (LeftToday == 0)
        {
            throw new QuotaExceededException(
                $"Your team has used all {DailyLimit} {Noun} for today (UTC); the next one is possible after {NextDay:yyyy-MM-dd HH:mm} UTC.");
        }
        // Nobody knows before scoring whether a submission will fail: a team with no failed submission left may not try.
        if (FailedLeftTotal == 0)
        {
            throw new QuotaExceededException(
                $"Your team has used all {FailedTotalLimit} failed submissions this phase allows; it takes no more submissions from your team.");
        }
        if (FailedLeftToday == 0)
        {
            throw new QuotaExceededException(
                $"Your team has used all {FailedDailyLimit} failed submissions this phase allows per day (UTC); " +
                $"the next submission is possible after {NextDay:yyyy-MM-dd HH:mm} UTC.");
        }
    }
}
