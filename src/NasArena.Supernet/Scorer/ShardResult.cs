using NasArena.Supernet.Evaluation;

namespace NasArena.Supernet.Scorer;

/// <summary>One architecture's result in a shard. Accuracy and loss are null in score-file mode.</summary>
public sealed record ArchitectureResult(string Id, double Score, double? Accuracy, double? Loss);

/// <summary>What <see cref="SupernetScorer.ScoreShardAsync"/> returns, serialized as JSON. Evaluator: what evaluated the
/// shard (null in score-file mode, where nothing is evaluated).</summary>
public sealed record ShardResult(int Start, int Count, IReadOnlyList<ArchitectureResult> Results, EvaluatorInfo? Evaluator = null);
