using System.Globalization;
using NasArena.Platform.Configuration;

namespace NasArena.Platform.Submissions.Debug;

/// <summary>Bound from the "DebugRuns" configuration section: the operator's ceilings on what organizers may set for
/// debug runs (ADR 0044), like the sandbox's ceilings: one competition cannot turn debug runs into free full runs.</summary>
public sealed class DebugRunOptions : IOptionsSection
{
    public static string Section => "DebugRuns";

    /// <summary>The most debug runs per team per UTC day an organizer may allow.</summary>
    public int MaxDailyLimit { get; set; } = 10;

    /// <summary>The longest a debug run's package may run (seconds), and what applies when the organizer sets nothing.</summary>
    public double MaxTimeLimitSeconds { get; set; } = 300;

    public IEnumerable<string> Problems()
    {
        if (Check.AtLeast($"{Section}:{nameof(MaxDailyLimit)}", MaxDailyLimit, 1) is { } daily) yield return daily;
        if (!(MaxTimeLimitSeconds >= 1))
        {
            yield return $"`{Section}:{nameof(MaxTimeLimitSeconds)}` must be at least 1; got '{MaxTimeLimitSeconds.ToString(CultureInfo.InvariantCulture)}'.";
        }
    }
}
