using System.Text.Json;

namespace NasArena.Scoring.Contract;

/// <summary>Everything a scorer needs, as local files.</summary>
/// <param name="SubmissionPath">The participant's uploaded file, staged locally.</param>
/// <param name="SubmissionFileName">The name the participant gave the file (for format detection and messages).</param>
/// <param name="Assets">Hidden organizer assets of the track, staged locally (a kind may hold several, e.g. data sets).</param>
/// <param name="TrackSettings">The track kind's settings as the organizer configured them (a JSON object).</param>
/// <param name="Progress">Optional progress sink (architectures done / total).</param>
public sealed record ScoringRequest(
    string SubmissionPath,
    string SubmissionFileName,
    IReadOnlyList<StagedAsset> Assets,
    JsonElement TrackSettings,
    IProgress<ScoringProgress>? Progress = null)
{
    /// <summary>The one asset of a kind; a missing one is the organizer's fault, not the participant's.</summary>
    public StagedAsset Asset(string kind) =>
        Assets.FirstOrDefault(a => a.Kind == kind)
            ?? throw new ScoringConfigurationException($"The organizer has not uploaded the hidden asset '{kind}' for this track.");

    public IEnumerable<StagedAsset> AssetsOf(string kind) => Assets.Where(a => a.Kind == kind);
}

/// <summary>An organizer asset on local disk. Sha256 identifies its content (for caches keyed by hash).</summary>
/// <param name="Version">The platform's version number of the asset (1, then one more per replacement), for what participants
/// are told a score used; 0 where unknown.</param>
public sealed record StagedAsset(string Kind, string Name, string Path, string Sha256, int Version = 0);

public sealed record ScoringProgress(long Done, long Total);
