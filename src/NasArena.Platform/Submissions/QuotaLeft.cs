using NasArena.Platform.Errors;

namespace NasArena.Platform.Submissions;

/// <summary>What a team may still submit to a phase: null limits are unlimited (organizers have none).</summary>
public sealed record QuotaLeft(int? DailyLimit, int? LeftToday, int? TotalLimit, int? LeftTotal, DateTimeOffset? NextDay)
{
    public static readonly QuotaLeft Unlimited = new(null, null, null, null, null);

    /// <summary>"3 of 20 submissions left today (UTC), 97 of 100 in total", as the participant's page and the CLI show it.</summary>
    public string Summary => (DailyLimit, TotalLimit) switch
    {
        (null, null) => "no submission limit",
        (not null, null) => $"{LeftToday} of {DailyLimit} submissions left today (UTC)",
        (null, not null) => $"{LeftTotal} of {TotalLimit} submissions left in total",
        _ => $"{LeftToday} of {DailyLimit} submissions left today (UTC), {LeftTotal} of {TotalLimit} in total",
    };

    public void RefuseWhenSpent()
    {
        if (LeftTotal == 0)
        {
            throw new QuotaExceededException($"Your team has used all {TotalLimit} submissions of this phase.");
        }
        if (LeftToday == 0)
        {
            throw new QuotaExceededException(
                $"Your team has used all {DailyLimit} submissions for today (UTC); the next one is possible after {NextDay:yyyy-MM-dd HH:mm} UTC.");
        }
    }
}
