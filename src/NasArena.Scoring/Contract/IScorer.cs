using System.Text.Json;

namespace NasArena.Scoring.Contract;

/// <summary>
/// Scores one kind of track. Implementations are plain libraries: they read local files and return
/// numbers; staging files from object storage, persistence and retries belong to the job code around them.
/// A scorer must be deterministic: the same inputs give the same result on any worker.
/// </summary>
public interface IScorer
{
    TrackKind Kind { get; }

    /// <summary>Recorded on each score, so a rescore after a scorer change is visible.</summary>
    string Version { get; }

    /// <summary>Kinds of hidden asset an organizer uploads for a track of this kind (e.g. "query-set"; "dataset" may occur several times).</summary>
    IReadOnlyList<string> AssetKinds { get; }

    /// <summary>Checks an organizer asset on upload. Throws <see cref="AssetRejectedException"/> naming the fault.</summary>
    Task ValidateAssetAsync(string assetKind, string path, JsonElement trackSettings, CancellationToken ct);

    /// <summary>
    /// Cheap checks run when the submission is uploaded, before it is accepted (and counted against the quota).
    /// Throws <see cref="SubmissionRejectedException"/> naming the fault.
    /// </summary>
    Task PrecheckAsync(ScoringRequest request, CancellationToken ct);

    /// <summary>Scores a submission. Throws <see cref="SubmissionRejectedException"/> for faults of the participant.</summary>
    Task<ScoreResult> ScoreAsync(ScoringRequest request, CancellationToken ct);
}
