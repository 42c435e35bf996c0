using System.Globalization;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Leaderboards.Finals;

/// <summary>
/// A phase's end-game settings (issue 25): <paramref name="FinalPicks"/> per team (null: none, every entry counts),
/// <paramref name="FreezesAt"/> of the public board, <paramref name="RevealsAt"/> of the private one, the public board's own
/// <paramref name="PublicMetric"/> (null or empty: the primary) and whether the organizer asks the boards to differ.
/// Kept apart from the phase's other settings (PhaseInput), which other work changes.
/// </summary>
public sealed record FinalsInput(int? FinalPicks, DateTimeOffset? FreezesAt, DateTimeOffset? RevealsAt, string? PublicMetric, bool? SplitBoards);

/// <summary>The settings, where the boards stand now, and in words what each board ranks (the editor shows the same).</summary>
public sealed record FinalsView(Guid PhaseId, int? FinalPicks, DateTimeOffset? FreezesAt, DateTimeOffset? RevealsAt, string? PublicMetric,
    bool SplitBoards, bool Frozen, bool Revealed, DateTimeOffset EndsAt, string PublicBoard, string PrivateBoard)
{
    public static FinalsView Of(Phase p, DateTimeOffset now) => new(p.Id, p.FinalPicks, p.FreezesAt, p.RevealsAt, p.PublicMetric, p.SplitBoards,
        BoardRules.IsFrozen(p, now), BoardRules.IsRevealed(p, now), p.EndsAt, BoardRules.Describe(p.Track!, p, Board.Public),
        BoardRules.Describe(p.Track!, p, Board.Private));
}

public sealed class FinalsSettings(NasArenaDb db, Access access)
{
    public const int MaxFinalPicks = 20;

    public async Task<FinalsView> GetAsync(Actor? actor, Guid phaseId, CancellationToken ct) =>
        FinalsView.Of(await access.PhaseAsync(actor, phaseId, ct), DateTimeOffset.UtcNow);

    /// <summary>What is wrong with the input for this phase, naming the key; null when nothing (the editor's form says the same).</summary>
    public static string? Problem(Phase phase, FinalsInput input)
    {
        if (input.FinalPicks is { } n && n is < 1 or > MaxFinalPicks)
            return $"'finalPicks' is how many submissions each team picks for the private board: 1 to {MaxFinalPicks}, or absent for no selection (got {n}).";
        if (input.FreezesAt is { } f && (f < phase.StartsAt || f > phase.EndsAt))
            return $"'freezesAt' ({Utc(f)}) must be within the phase, from its start ({Utc(phase.StartsAt)}) to its end ({Utc(phase.EndsAt)}).";
        if (input.RevealsAt is { } r && r < phase.EndsAt)
            return $"'revealsAt' ({Utc(r)}) must not be before the phase ends ({Utc(phase.EndsAt)}): a private board shown while submissions are open can be probed. The organizers may still reveal it early by hand.";
        if (!string.IsNullOrEmpty(input.PublicMetric) && !TrackCatalog.Get(phase.Track!.Kind).Metrics.ContainsKey(input.PublicMetric))
            return $"'publicMetric' must be one of {string.Join(", ", TrackCatalog.Get(phase.Track.Kind).Metrics.Keys)} for a {phase.Track.Kind} track, or empty for the primary metric (got '{input.PublicMetric}').";
        return null;
    }

    public async Task<FinalsView> UpdateAsync(Actor? actor, Guid phaseId, FinalsInput input, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        if (Problem(phase, input) is { } problem) throw new InvalidInputException(problem);
        phase.FinalPicks = input.FinalPicks;
        phase.FreezesAt = input.FreezesAt?.ToUniversalTime();
        phase.RevealsAt = input.RevealsAt?.ToUniversalTime();
        phase.PublicMetric = string.IsNullOrEmpty(input.PublicMetric) ? null : input.PublicMetric;
        phase.SplitBoards = input.SplitBoards ?? phase.SplitBoards;
        await db.SaveChangesAsync(ct);
        // Every one of these changes what a board shows.
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
        return FinalsView.Of(phase, DateTimeOffset.UtcNow);
    }

    /// <summary>The organizer's reveal (the same as publishing the private board, kept for its old route too).</summary>
    public async Task<FinalsView> RevealAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        phase.PrivatePublished = true;
        await db.SaveChangesAsync(ct);
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
        return FinalsView.Of(phase, DateTimeOffset.UtcNow);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
