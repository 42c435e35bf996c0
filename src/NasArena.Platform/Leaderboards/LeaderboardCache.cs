using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

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

    private readonly ConditionalWeakTable<Leaderboard, ConcurrentDictionary<string, object>> _derived = new();

    /// <summary>
    /// Something computed from a board and the same version's data (its progress chart, its teams' last submission times),
    /// kept beside the board object and gone with it when the version changes.
    /// </summary>
    public async Task<T> DerivedAsync<T>(Leaderboard board, string key, Func<Task<T>> compute) where T : class
    {
        var table = _derived.GetValue(board, _ => new ConcurrentDictionary<string, object>());
        if (table.TryGetValue(key, out var found))
        {
            return (T)found;
        }
        var computed = await compute();
        return (T)table.GetOrAdd(key, computed);
    }

    public Leaderboard? Find(Guid phaseId, Board board, long version) =>
        _boards.TryGetValue((phaseId, board), out var entry) && entry.Version == version ? entry.Value : null;

    /// <summary>Keeps the newest version seen: a slow computation of an older version never replaces a newer one.</summary>
    public void Store(Guid phaseId, Board board, long version, Leaderboard value) =>
        _boards.AddOrUpdate((phaseId, board), (version, value), (_, old) => old.Version > version ? old : (version, value));
}
