using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Leaderboards;

/// <summary>
/// Computed boards per (phase, board), each with the phase's <see cref="Domain.Phase.BoardVersion"/> it was computed at.
/// Ranking 10,000 submissions happens once per change, not once per viewer (issue 10: 100 concurrent viewers, p99 under
/// 50 ms). Per process: every web replica keeps its own, and the version in the database keeps them all exact.
/// The phase row itself (its board version, title, flags) is kept for <see cref="PhaseFreshFor"/> too, so that a board
/// read costs no database round trip at all (ADR 0020): a change made by another process shows within that second; one
/// made by this process at once (<see cref="BoardVersions.LocalGeneration"/>).
/// </summary>
public sealed class LeaderboardCache(TimeProvider clock)
{
    /// <summary>How long a replica trusts a phase row it read: the staleness bound of every board it serves.</summary>
    public static readonly TimeSpan PhaseFreshFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, (Task<Phase> Phase, long Generation, long ReadAt)> _phases = new();

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

    /// <summary>
    /// The phase (with its track and competition) as <paramref name="read"/> gives it, or as it gave it less than
    /// <see cref="PhaseFreshFor"/> ago with no board change made in this process since. One read at a time per phase:
    /// the viewers that arrive while it runs wait for it (100 of them at the second's end would otherwise read 100
    /// times). The object is shared between requests: read it, never change it (read it untracked). <paramref name="read"/>
    /// must not depend on one caller's cancellation, since others wait for it too.
    /// </summary>
    public async Task<Phase> PhaseAsync(Guid phaseId, Func<Task<Phase>> read)
    {
        // Both taken before the read: the age counts from before it, and a change made meanwhile invalidates it.
        var generation = BoardVersions.LocalGeneration;
        var now = clock.GetTimestamp();
        if (_phases.TryGetValue(phaseId, out var kept) && kept.Generation == generation
            && (!kept.Phase.IsCompleted || clock.GetElapsedTime(kept.ReadAt, now) < PhaseFreshFor))
        {
            return await kept.Phase;
        }
        var reading = read();
        var entry = (reading, generation, now);
        _phases[phaseId] = entry;
        try
        {
            return await reading;
        }
        catch
        {
            // A failed read (no such phase, the database away) is not kept: the next viewer tries again.
            _phases.TryRemove(new KeyValuePair<Guid, (Task<Phase>, long, long)>(phaseId, entry));
            throw;
        }
    }

    public Leaderboard? Find(Guid phaseId, Board board, long version) =>
        _boards.TryGetValue((phaseId, board), out var entry) && entry.Version == version ? entry.Value : null;

    /// <summary>Keeps the newest version seen: a slow computation of an older version never replaces a newer one.</summary>
    public void Store(Guid phaseId, Board board, long version, Leaderboard value) =>
        _boards.AddOrUpdate((phaseId, board), (version, value), (_, old) => old.Version > version ? old : (version, value));
}
