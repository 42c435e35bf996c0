using NasArena.Platform.Tracks;
using Hangfire;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>Puts scoring work on the queue for the kind of machine its track needs.</summary>
public interface IScoringQueue
{
    void Enqueue(Guid submissionId, int scoringRun, TrackKind kind);

    void Retry(Guid submissionId, int scoringRun, TrackKind kind, TimeSpan delay);

    void EnqueueShard(Guid submissionId, int scoringRun, TrackKind kind, int shardIndex, int start, int count);

    void RetryShard(Guid submissionId, int scoringRun, TrackKind kind, int shardIndex, int start, int count, TimeSpan delay);

    /// <summary>Validates a hidden asset's file on a worker of its track kind's queue (<see cref="ValidateAssetJob"/>).</summary>
    void ValidateAsset(Guid assetId, Guid artifactId, TrackKind kind);
}

public static class Queues
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";
}

public sealed class HangfireScoringQueue(IBackgroundJobClient client) : IScoringQueue
{
    public void Enqueue(Guid submissionId, int scoringRun, TrackKind kind) =>
        client.Enqueue<ScoreSubmissionJob>(TrackCatalog.Get(kind).Queue, j => j.RunAsync(submissionId, scoringRun, CancellationToken.None));

    public void Retry(Guid submissionId, int scoringRun, TrackKind kind, TimeSpan delay) =>
        client.Schedule<ScoreSubmissionJob>(TrackCatalog.Get(kind).Queue, j => j.RunAsync(submissionId, scoringRun, CancellationToken.None), delay);

    public void EnqueueShard(Guid submissionId, int scoringRun, TrackKind kind, int shardIndex, int start, int count) =>
        client.Enqueue<ScoreShardJob>(TrackCatalog.Get(kind).Queue, j => j.RunAsync(submissionId, scoringRun, shardIndex, start, count, CancellationToken.None));

    public void RetryShard(Guid submissionId, int scoringRun, TrackKind kind, int shardIndex, int start, int count, TimeSpan delay) =>
        client.Schedule<ScoreShardJob>(TrackCatalog.Get(kind).Queue, j => j.RunAsync(submissionId, scoringRun, shardIndex, start, count, CancellationToken.None), delay);

    public void ValidateAsset(Guid assetId, Guid artifactId, TrackKind kind) =>
        client.Enqueue<ValidateAssetJob>(TrackCatalog.Get(kind).Queue, j => j.RunAsync(assetId, artifactId, CancellationToken.None));
}
