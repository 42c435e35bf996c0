namespace NasArena.Scoring.Contract;

/// <summary>
/// A scorer whose work splits into independent units (architectures) that separate jobs, possibly on
/// separate workers, score in shards; the platform combines the shard results when all are done.
/// Shard results are opaque JSON owned by the scorer; scoring the same shard twice gives the same JSON,
/// so a lost shard can simply run again.
/// </summary>
public interface IShardedScorer : IScorer
{
    /// <summary>How many units the submission's scoring holds (e.g. architectures in the hidden set).</summary>
    Task<int> CountUnitsAsync(ScoringRequest request, CancellationToken ct);

    /// <summary>Scores units [start, start+count) and returns the shard's result as JSON.</summary>
    Task<string> ScoreShardAsync(ScoringRequest request, int start, int count, CancellationToken ct);

    /// <summary>Combines all shard results (in shard order) into the submission's score.</summary>
    Task<ScoreResult> CombineAsync(ScoringRequest request, IReadOnlyList<string> shardResults, CancellationToken ct);
}
