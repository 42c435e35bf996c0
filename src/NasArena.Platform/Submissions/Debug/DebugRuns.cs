using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Submissions.Debug;

/// <summary>The rules of debug runs (ADR 0044): their own daily quota, their own short time limit, the debug split only.</summary>
public static class DebugRuns
{
    public const string Rule =
        "A debug run is scored on the phase's debug split only, with its full log shown to your team; it is never ranked, " +
        "exported or picked, and uses the phase's debug-run quota, not its submission quota (a failed debug run counts too).";

    /// <summary>What the team has left of the phase's debug runs today; refused, with the reason, where there are none.</summary>
    public static async Task<QuotaLeft> LeftAsync(NasArenaDb db, Phase phase, Guid teamId, bool organizer, DateTimeOffset now, CancellationToken ct)
    {
        if (phase.DebugDailyLimit is null)
        {
            throw new InvalidInputException($"The phase '{phase.Title}' takes no debug runs: its organizers have not enabled them.");
        }
        if (!await db.PhaseAssets.AnyAsync(a => a.PhaseId == phase.Id && a.IsDebug, ct))
        {
            throw new PhaseNotReadyException($"The phase '{phase.Title}' has no debug split yet: its organizers must upload one before debug runs.");
        }
        if (organizer)
        {
            return QuotaLeft.Unlimited with { Debug = true };
        }
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var used = await db.Submissions.CountAsync(s => s.PhaseId == phase.Id && s.TeamId == teamId && s.IsDebug
            && s.CountsAgainstQuota && s.CreatedAt >= dayStart, ct);
        var limit = phase.DebugDailyLimit.Value;
        return new QuotaLeft(limit, Math.Max(0, limit - used), null, null, dayStart.AddDays(1), Debug: true);
    }

    /// <summary>The time limit a debug run gets: the organizer's, else the operator's ceiling, never above either.</summary>
    public static double TimeLimitSeconds(Phase phase, DebugRunOptions options) =>
        Math.Min(phase.DebugTimeLimitSeconds ?? options.MaxTimeLimitSeconds, options.MaxTimeLimitSeconds);

    /// <summary>The scorer's settings for a debug run: the kind's descriptor says what changes (a kind that runs
    /// participant code lowers its time limit and shows the log; the others score a file, unchanged).</summary>
    public static string ForDebugRun(TrackKind kind, string settingsJson, double limitSeconds) =>
        TrackCatalog.Get(kind).DebugRunSettings(settingsJson, limitSeconds);
}
