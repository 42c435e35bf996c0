using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;

namespace NasArena.Platform.Leaderboards;

/// <summary>
/// Bumps a phase's <see cref="Domain.Phase.BoardVersion"/>. Always an increment in the database (never a tracked write of
/// a value read earlier), so two changes at once give two versions. Call it after, or in the same transaction as, the
/// change: a reader that sees the new version then sees the change.
/// </summary>
public static class BoardVersions
{
    public static Task BumpPhaseAsync(NasArenaDb db, Guid phaseId, CancellationToken ct) =>
        db.Phases.Where(p => p.Id == phaseId).ExecuteUpdateAsync(u => u.SetProperty(p => p.BoardVersion, p => p.BoardVersion + 1), ct);

    public static Task BumpForSubmissionAsync(NasArenaDb db, Guid submissionId, CancellationToken ct) =>
        db.Phases.Where(p => db.Submissions.Any(s => s.Id == submissionId && s.PhaseId == p.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.BoardVersion, p => p.BoardVersion + 1), ct);
}
