using NasArena.Scoring.Contract;

namespace NasArena.Platform.Domain;

public sealed class Competition
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string Rules { get; set; } = "";

    /// <summary>When set, an organizer approves each registration before the team may submit.</summary>
    public bool RequiresApproval { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// When its organizers published it; null for a draft (made in the organizer editor), which only its organizers see
    /// listed and nobody may register for until the pre-publish check passes (PublishCheck).
    /// </summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public bool IsDraft => PublishedAt is null;

    /// <summary>Scoring runs one team may have running at once on the shared workers (fair queues, ADR 0046); null: the
    /// operator's default (`FairQueues:DefaultMaxRunningPerTeam`), and never above `FairQueues:MaxRunningPerTeamCeiling`.</summary>
    public int? MaxRunningPerTeam { get; set; }

    public List<CompetitionOrganizer> Organizers { get; set; } = [];
    public List<Track> Tracks { get; set; } = [];
}

public sealed class CompetitionOrganizer
{
    public Guid CompetitionId { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
}

public sealed class Track
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CompetitionId { get; set; }
    public Competition? Competition { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public TrackKind Kind { get; set; }

    /// <summary>The kind's settings as a JSON object; each scorer documents its keys.</summary>
    public string SettingsJson { get; set; } = "{}";

    public long MaxSubmissionBytes { get; set; } = 10 * 1024 * 1024;
    public List<Phase> Phases { get; set; } = [];
}

public sealed class Phase
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>Accepted submissions per team per UTC day; null means no limit.</summary>
    public int? DailyLimit { get; set; }

    public int? TotalLimit { get; set; }
    public required string PrimaryMetric { get; set; }
    public bool HigherIsBetter { get; set; } = true;

    /// <summary>The private leaderboard (and private scores) stay hidden from participants until this is set.</summary>
    public bool PrivatePublished { get; set; }

    /// <summary>
    /// Incremented, atomically in the database, by every change that can change this phase's leaderboards (a submission
    /// scored or rescored, a flag, the primary metric, the private board published): a process serves its cached board
    /// while the version it read is the one the board was computed at (LeaderboardCache).
    /// </summary>
    public long BoardVersion { get; set; }

    /// <summary>Organizers may hide scoring logs from participants (unseen-data track).</summary>
    public bool HideLogs { get; set; }

    /// <summary>Whether participants and visitors see the bootstrap intervals and tie groups; organizers always do (ADR 0018).</summary>
    public bool ShowUncertainty { get; set; } = true;

    /// <summary>
    /// An entry is told apart from the head of its group when the head beats it in at least this share of the paired
    /// resamples (0.95 by default); below it, they are statistically tied.
    /// </summary>
    public double TieLevel { get; set; } = 0.95;

    /// <summary>
    /// The platform's secret for the unseen-data private split when the organizer sets none (issue 23, ADR 0035): 256
    /// random bits, made with the phase however it is created, stored so every run and rescore splits alike, given to the
    /// scorer as `privateSplitSeed` and never shown to participants. Null on phases made before the column existed (a
    /// worker fills it in once, <see cref="Tracks.SplitSeeds"/>).
    /// </summary>
    public string? PrivateSplitSeed { get; set; } = Tracks.SplitSeeds.New();

    /// <summary>Each team picks up to this many submissions for the private board (issue 25, ADR 0040); a team that picks
    /// none is judged on its best this many by the public board, as Kaggle does. Null: no selection, every entry counts.</summary>
    public int? FinalPicks { get; set; }

    /// <summary>From then on, the public board shows only what was submitted before it to everyone but the organizers (ADR 0041).</summary>
    public DateTimeOffset? FreezesAt { get; set; }

    /// <summary>The private board is revealed at this time, or earlier by the organizer (<see cref="PrivatePublished"/>).</summary>
    public DateTimeOffset? RevealsAt { get; set; }

    /// <summary>The public board's own metric against probing (ADR 0042); null: the primary metric, as the private board.</summary>
    public string? PublicMetric { get; set; }

    /// <summary>The organizer asked the two boards to differ: the publish check refuses a public board identical to the private.</summary>
    public bool SplitBoards { get; set; }
    /// <summary>What a failure the participant caused (a bad file, a package error) does to the team's quota (issue 25,
    /// ADR 0043); the platform's own failures never count whatever this says.</summary>
    public FailedSubmissionPolicy FailurePolicy { get; set; } = FailedSubmissionPolicy.Count;

    /// <summary>Under <see cref="FailedSubmissionPolicy.SeparateQuota"/>: participant-caused failures per team per UTC day
    /// (null: no daily limit).</summary>
    public int? FailedDailyLimit { get; set; }

    /// <summary>Under <see cref="FailedSubmissionPolicy.SeparateQuota"/>: participant-caused failures per team in the phase.</summary>
    public int? FailedTotalLimit { get; set; }

    /// <summary>Debug runs per team per UTC day (ADR 0044); null: debug runs are off. Never above the operator's
    /// `DebugRuns:MaxDailyLimit`.</summary>
    public int? DebugDailyLimit { get; set; }

    /// <summary>A debug run's time limit in seconds where the track has one (unseen data); null: the operator's
    /// `DebugRuns:MaxTimeLimitSeconds`, never above it nor above the track's own.</summary>
    public double? DebugTimeLimitSeconds { get; set; }

    public List<PhaseAsset> Assets { get; set; } = [];
}

/// <summary>
/// An organizer file of a phase: hidden ones (ground truth, query sets, data sets) reach only the scorer,
/// public ones (training data) anyone may download. Which part of the hidden set feeds the public and which
/// the private leaderboard is part of the hidden asset itself (its split), validated on upload.
/// </summary>
public sealed class PhaseAsset
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PhaseId { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public bool IsPublic { get; set; }

    /// <summary>Part of the organizer's debug split (ADR 0044): of a hidden kind and checked like one, but staged only for
    /// debug runs (and hidden assets never are), and downloadable by participants, since a debug run's log may show it.</summary>
    public bool IsDebug { get; set; }

    public Guid ArtifactId { get; set; }
    public Artifact? Artifact { get; set; }
    public DateTimeOffset UploadedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>1 for the first file, one more with each replacement: what participants see of the hidden asset a score
    /// used ("the hidden query set, version 3"), instead of its hash (issue 23). 0 on assets uploaded before it existed.</summary>
    public int Version { get; set; } = 1;

    /// <summary>
    /// What the track's scorer said of a hidden asset: valid when the process that took the upload could check it,
    /// pending while a worker of the track kind's queue checks it (the web process ships no TorchSharp nor sandbox),
    /// invalid with <see cref="ValidationMessage"/>. Public assets are not checked (valid).
    /// </summary>
    public AssetValidation Validation { get; set; } = AssetValidation.Valid;

    public string? ValidationMessage { get; set; }
}

public enum AssetValidation
{
    Valid,
    Pending,
    Invalid,
}
