namespace NasArena.Platform.Domain;

public enum SubmissionStatus
{
    /// <summary>The file is still arriving: invisible to listings; removed if the upload does not complete.</summary>
    Uploading,
    Queued,
    Running,
    Scored,
    Failed,
    Cancelled,
}

public sealed class Submission
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PhaseId { get; set; }
    public Phase? Phase { get; set; }
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public Guid SubmittedById { get; set; }
    public required string FileName { get; set; }
    public string Description { get; set; } = "";
    public Guid? ArtifactId { get; set; }
    public Artifact? Artifact { get; set; }
    /// <summary>Written by the declared transitions alone (Jobs/SubmissionTransitions.cs), never assigned by a caller.</summary>
    public SubmissionStatus Status { get; private set; }

    internal static readonly System.Reflection.PropertyInfo StatusProperty = typeof(Submission).GetProperty(nameof(Status))!;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>When its job was put on the queue. Null while queued: saved, but the job may never have been enqueued (the
    /// process died in between); the next process start or the watchdog enqueues it.</summary>
    public DateTimeOffset? QueuedAt { get; set; }
    /// <summary>When the current run last became Queued (upload, rescore, requeue, hand-back, rescue), set in that
    /// transition's conditional update. Unlike <see cref="QueuedAt"/> the watchdog's second enqueue of a lost job does not
    /// move it: it is what MaxQueueTime is measured from, never the upload's <see cref="CreatedAt"/> (issue 23, ADR 0034).
    /// Null on rows queued before the column existed.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Last sign of life from the worker scoring it; the watchdog ends what has none.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>Scoring attempts in the current run that ended in a real failure or are under way: a crash, a kill, an
    /// exception. A retry forced by an outage of the database or object storage gives its attempt back
    /// (<see cref="OutageRetries"/>); shards of a sharded run count their own (<see cref="Shard.Attempts"/>).</summary>
    public int Attempts { get; private set; }

    /// <summary>Retries of this run that waited out an outage of a dependency; paced, and bounded by Jobs:OutageTolerance.</summary>
    public int OutageRetries { get; set; }

    /// <summary>Incremented by every rescore: a job carries the run it was enqueued for and does nothing for an older one.</summary>
    public int ScoringRun { get; private set; }

    public string? ScorerVersion { get; set; }

    /// <summary>Why it failed or was cancelled, written for the participant.</summary>
    public string? FailureReason { get; set; }

    /// <summary>False when the platform itself failed it: the team gets the quota back.</summary>
    public bool CountsAgainstQuota { get; set; } = true;

    /// <summary>Failed for a fault of the participant's (a rejected file, a package error), not the platform's.</summary>
    public bool FailedByParticipant { get; set; }

    /// <summary>A participant-caused failure moved to the phase's separate failed-submission quota (ADR 0043).</summary>
    public bool CountsAsFailed { get; set; }

    /// <summary>Compute spent on this submission by every job run (all attempts, shards and rescores), ADR 0045.</summary>
    public double WallSeconds { get; set; }

    public double CpuSeconds { get; set; }

    /// <summary>The highest peak resident memory any of its job runs saw (bytes); 0 before any ran.</summary>
    public long PeakMemoryBytes { get; set; }

    /// <summary>Null where no run used a GPU.</summary>
    public double? GpuSeconds { get; set; }

    /// <summary>How the last run's figures were measured ("sandbox cgroup", "worker process"), shown beside them.</summary>
    public string? ComputeSource { get; set; }

    public long ProgressDone { get; set; }
    public long ProgressTotal { get; set; }

    public bool IsBaseline { get; set; }
    public bool IsHidden { get; set; }
    public bool IsDisqualified { get; set; }

    /// <summary>A debug run (issue 25, ADR 0044): scored on the phase's debug split only, never on hidden data, never
    /// ranked, exported, picked or rescored with the phase; counted in the phase's own debug quota, not its quota.</summary>
    public bool IsDebug { get; set; }

    /// <summary>When its team picked it for the private board (Phase.FinalPicks, ADR 0040); null when not picked.</summary>
    public DateTimeOffset? PickedAt { get; set; }

    public Score? Score { get; set; }

    public bool IsFinal => Status is SubmissionStatus.Scored or SubmissionStatus.Failed or SubmissionStatus.Cancelled;
}

/// <summary>One per submission, replaced by a rescore. Public and private metrics are kept apart.</summary>
public sealed class Score
{
    public Guid SubmissionId { get; set; }
    public required string PublicMetricsJson { get; set; }
    public required string PrivateMetricsJson { get; set; }

    /// <summary>
    /// The phase's primary metric, copied out of the JSON so a leaderboard reads one number per row; the ranking itself is
    /// done in memory (LeaderboardService), not in the database.
    /// </summary>
    public double? PublicPrimary { get; set; }

    public double? PrivatePrimary { get; set; }
    public string? DetailsJson { get; set; }
    public required string ScorerVersion { get; set; }
    public int ScoringRun { get; set; }
    public DateTimeOffset ScoredAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The metric the bootstrap intervals and replicates are of: the primary metric when the worker scored it. When the
    /// organizer changes the primary metric they no longer are, and the board shows no interval until a rescore.
    /// Null when the scorer gives no per-item values (unseen data). ADR 0018.
    /// </summary>
    public string? BootstrapMetric { get; set; }

    public int BootstrapResamples { get; set; }

    /// <summary>The 95 % percentile interval of the primary metric on the public split (null: undefined on every resample).</summary>
    public double? PublicLow { get; set; }
    public double? PublicHigh { get; set; }
    public double? PrivateLow { get; set; }
    public double? PrivateHigh { get; set; }

    /// <summary>Items each split was resampled from: replicates are paired only between scores over as many items.</summary>
    public int PublicItems { get; set; }
    public int PrivateItems { get; set; }

    /// <summary>What produced this score (Jobs.ScoreProvenance as JSON): scorer, hashes, settings, worker, times, attempts.</summary>
    public string? ProvenanceJson { get; set; }
}

/// <summary>
/// A score's bootstrap replicates (float64, little-endian, one per resample), apart from <see cref="Score"/> so that
/// listing scores never loads them; read for the tie groups, once per board version, and for a pairwise comparison.
/// </summary>
public sealed class ScoreReplicates
{
    public Guid SubmissionId { get; set; }
    public byte[]? Public { get; set; }
    public byte[]? Private { get; set; }
}

/// <summary>A file in object storage.</summary>
public sealed class Artifact
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string ObjectKey { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public required string ContentType { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// A score as it was before a rescore replaced it (issue 14): kept so that an organizer can see what a rescore changed,
/// metric by metric and in its provenance. One row per replaced run.
/// </summary>
public sealed class ScoreHistoryEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SubmissionId { get; set; }
    public int ScoringRun { get; set; }
    public required string PublicMetricsJson { get; set; }
    public required string PrivateMetricsJson { get; set; }
    public double? PublicPrimary { get; set; }
    public double? PrivatePrimary { get; set; }
    public required string ScorerVersion { get; set; }
    public string? ProvenanceJson { get; set; }
    public DateTimeOffset ScoredAt { get; set; }
    public DateTimeOffset ReplacedAt { get; set; }
}
