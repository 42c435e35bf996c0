namespace NasArena.Platform.Domain;

public enum ShardStatus
{
    /// <summary>Its job is on the queue (QueuedAt set) or about to be (QueuedAt null): waiting is not lost.</summary>
    Queued,

    /// <summary>A worker holds it and proves so with <see cref="Shard.HeartbeatAt"/>.</summary>
    Running,

    /// <summary>Its result is stored; it is never scored again in this run.</summary>
    Done,
}

/// <summary>
/// One shard of a sharded scoring run (a range of architectures or data sets): its own lease, heartbeat and attempts,
/// so that a shard waiting in a busy queue is not taken for a dead worker and a killed worker costs only its shard.
/// Kept until the run ends.
/// </summary>
public sealed class Shard
{
    public Guid SubmissionId { get; set; }
    public int ScoringRun { get; set; }
    public int ShardIndex { get; set; }
    public int Start { get; set; }
    public int Count { get; set; }
    public ShardStatus Status { get; set; }

    /// <summary>Claims of this shard that ended in a crash, a kill or an exception, or are under way.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its job was put on the queue; null between saving and enqueueing (see <see cref="Submission.QueuedAt"/>).</summary>
    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>When the shard last became Queued (planned, requeued, handed back, rescued): what MaxQueueTime is measured
    /// from (see <see cref="Submission.WaitingSince"/>). Null on rows queued before the column existed.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    public DateTimeOffset? HeartbeatAt { get; set; }
    public string? ResultJson { get; set; }

    /// <summary>When the job that stored the result claimed the shard, had staged its files, and had scored it
    /// (<see cref="Jobs.ShardTimes"/>, JSON): the shard's part of the submission's timeline. Null until done.</summary>
    public string? TimelineJson { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
