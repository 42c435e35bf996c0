using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;

namespace NasArena.Platform.Leaderboards;

/// <summary>
/// Bumps a phase's <see cref="Domain.Phase.BoardVersion"/>. Always an increment in the database (never a tracked write of
/// a value read earlier), so two changes at once give two versions. Call it after, or in the same transaction as, the
/// change: a reader that sees the new version then sees the change.
/// <para>
/// Every bump (and, for one made inside a transaction, its commit: <see cref="NoteLocalChange"/>) also moves this
/// process's <see cref="LocalGeneration"/>, which drops the phase rows LeaderboardCache keeps for a second (ADR 0020):
/// the replica that accepted or scored a submission shows it on its next read; the others within
/// <see cref="LeaderboardCache.PhaseFreshFor"/>.
/// </para>
/// </summary>
public static class BoardVersions
{
    private static long _localGeneration;

    /// <summary>How many board changes this process has made (or committed); process-wide, like the cache it guards.</summary>
    public static long LocalGeneration => Interlocked.Read(ref _localGeneration);

    /// <summary>
    /// Call after committing a transaction that bumped a version: a reader that re-read the phase between the bump and
    /// the commit saw the old version, and would otherwise keep it for up to <see cref="LeaderboardCache.PhaseFreshFor"/>.
    /// </summary>
    public static void NoteLocalChange() => Interlocked.Increment(ref _localGeneration);

    public static async Task BumpPhaseAsync(NasArenaDb db, Guid phaseId, CancellationToken ct)
    {
        await db.Phases.Where(p => p.Id == phaseId).ExecuteUpdateAsync(u => u.SetProperty(p => p.BoardVersion, p => p.BoardVersion + 1), ct);
        NoteLocalChange();
    }

    public static async Task BumpForSubmissionAsync(NasArenaDb db, Guid submissionId, CancellationToken ct)
    {
        await db.Phases.Where(p => db.Submissions.Any(s => s.Id == submissionId && s.PhaseId == p.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.BoardVersion, p => p.BoardVersion + 1), ct);
        NoteLocalChange();
    }
}
