namespace NasArena.Platform.Uploads;

/// <summary>What a resumable upload becomes once complete: a submission to a phase, or an organizer's asset of a phase.</summary>
public enum UploadTarget
{
    Submission,
    Asset,
}

/// <summary>
/// A resumable upload's state, kept as a small JSON object beside its parts in object storage (no database row: any web
/// replica, or a restarted one, reads it back). The offset is not stored here: it is derived from the parts (ADR 0012).
/// </summary>
public sealed record UploadManifest
{
    public required Guid Id { get; init; }
    public required Guid OwnerId { get; init; }
    public required UploadTarget Target { get; init; }
    public required Guid PhaseId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }
    public required long ChunkBytes { get; init; }

    /// <summary>The SHA-256 the client computed, if it sent one: the assembled file must match it.</summary>
    public string? Sha256 { get; init; }

    public string? Description { get; init; }
    public bool Baseline { get; init; }

    /// <summary>A debug run (ADR 0044), checked against the debug quota at the start and again when complete.</summary>
    public bool Debug { get; init; }

    public string? AssetKind { get; init; }
    public string? AssetName { get; init; }
    public bool AssetPublic { get; init; }

    /// <summary>The debug split (ADR 0044): a hidden-kind asset staged for debug runs only.</summary>
    public bool AssetDebug { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>Written when an upload completes: a second completion answers with the same result (idempotent).</summary>
public sealed record UploadCompletion(Guid ResultId, DateTimeOffset CompletedAt);
