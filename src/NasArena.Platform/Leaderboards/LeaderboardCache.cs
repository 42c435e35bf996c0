using System.Collections.Concurrent;

namespace NasArena.Platform.Leaderboards;

/// <summary>
/// Computed boards per (phase, board), each with the phase's <see cref="Domain.Phase.BoardVersion"/> it was computed at.
/// A read costs the one phase query every request makes anyway; ranking 10,000 submissions happens once per change, not
/// once per viewer (issue 10: 100 concurrent viewers, p99 under 50 ms). Per process: every web replica keeps its own, and
/// the version in the database keeps them all exact.
/// </summary>
public sealed class LeaderboardCache
{
    private readonly ConcurrentDictionary<(Guid Phase, Board Board), (long Version, Leaderboard Value)> _boards = new();

    public Leaderboard? Find(Guid phaseId, Board board, long version) =>
        _boards.TryGetValue((phaseId, board), out var entry) && entry.Version == version ? entry.Value : null;

    /// <summary>Keeps the newest version seen: a slow computation of an older version never replaces a newer one.</summary>
    public void Store(Guid phaseId, Board board, long version, Leaderboard value) =>
        _boards.AddOrUpdate((phaseId, board), (version, value), (_, old) => old.Version > version ? old : (version, value));
}
