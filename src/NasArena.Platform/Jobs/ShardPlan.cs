using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>How a sharded submission's units (architectures, data sets) are cut into shards of the track's "shardSize".</summary>
public sealed record ShardPlan(int Units, int Size)
{
    /// <summary>Units per shard when the track does not say.</summary>
    public const int DefaultSize = 500;

    public int Shards => Math.Max(1, (Units + Size - 1) / Size);

    public (int Start, int Count) Range(int shard) => (shard * Size, Math.Min(Size, Units - shard * Size));

    /// <summary>Progress shown while shards finish (a shard counts when its result is stored).</summary>
    public long DoneUnits(int doneShards) => Math.Min(Units, (long)doneShards * Size);

    public static async Task<ShardPlan> OfAsync(IShardedScorer scorer, ScoringRequest request, CancellationToken ct)
    {
        var settings = request.TrackSettings;
        var size = settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("shardSize", out var v) &&
            v.TryGetInt32(out var n) && n > 0 ? n : DefaultSize;
        return new ShardPlan(await scorer.CountUnitsAsync(request, ct), size);
    }
}
