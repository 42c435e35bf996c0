using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Submissions.Debug;

/// <summary>A phase's debug runs as the API reads them (ADR 0044): the organizer's settings, what applies, the ceilings.</summary>
/// <param name="DailyLimit">Debug runs per team per UTC day; null: debug runs are off.</param>
/// <param name="TimeLimitSeconds">The organizer's time limit; null: the operator's ceiling.</param>
/// <param name="EffectiveTimeLimitSeconds">What a debug run of an unseen-data track gets.</param>
/// <param name="HasDebugSplit">Whether the organizers uploaded a debug split; without one, debug runs are refused.</param>
public sealed record DebugRunsView(int? DailyLimit, double? TimeLimitSeconds, double EffectiveTimeLimitSeconds, bool HasDebugSplit,
    int MaxDailyLimit, double MaxTimeLimitSeconds, string Rule);

/// <param name="DailyLimit">1 to the operator's `DebugRuns:MaxDailyLimit`; null turns debug runs off.</param>
/// <param name="TimeLimitSeconds">1 to the operator's `DebugRuns:MaxTimeLimitSeconds`; null: that ceiling.</param>
public sealed record DebugRunsInput(int? DailyLimit, double? TimeLimitSeconds);

/// <summary>Reading (anyone who sees the phase) and setting (its organizers) a phase's debug runs, a section of its own.</summary>
public sealed class DebugRunSettings(NasArenaDb db, Access access, DebugRunOptions options)
{
    public async Task<DebugRunsView> GetAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        return await ViewAsync(phase, ct);
    }

    public async Task<DebugRunsView> SetAsync(Actor? actor, Guid phaseId, DebugRunsInput input, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        if (input.DailyLimit is { } daily && (daily < 1 || daily > options.MaxDailyLimit))
        {
            throw new InvalidInputException($"'dailyLimit' must be between 1 and {options.MaxDailyLimit} (the operator's ceiling), not {daily}.");
        }
        if (input.TimeLimitSeconds is { } limit && !(limit >= 1 && limit <= options.MaxTimeLimitSeconds))
        {
            throw new InvalidInputException(
                $"'timeLimitSeconds' must be between 1 and {options.MaxTimeLimitSeconds:g} (the operator's ceiling), not {limit:g}.");
        }
        phase.DebugDailyLimit = input.DailyLimit;
        phase.DebugTimeLimitSeconds = input.TimeLimitSeconds;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(phase, ct);
    }

    private async Task<DebugRunsView> ViewAsync(Domain.Phase phase, CancellationToken ct) =>
        new(phase.DebugDailyLimit, phase.DebugTimeLimitSeconds, DebugRuns.TimeLimitSeconds(phase, options),
            await db.PhaseAssets.AnyAsync(a => a.PhaseId == phase.Id && a.IsDebug, ct), options.MaxDailyLimit, options.MaxTimeLimitSeconds,
            DebugRuns.Rule);
}
