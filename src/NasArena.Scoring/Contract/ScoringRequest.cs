using System.Text.Json;

namespace NasArena.Scoring.Contract;

/// <summary>Everything a scorer needs, as local files.</summary>
/// <param name="SubmissionPath">The participant's uploaded file, staged locally.</param>
/// <param name="SubmissionFileName">The name the participant gave the file (for format detection and messages).</param>
/// <param name="AssetPaths">Hidden organizer assets by asset kind, staged locally.</param>
/// <param name="TrackSettings">The track kind's settings as the organizer configured them.</param>
/// <param name="Progress">Optional progress sink (architectures done / total).</param>
public sealed record ScoringRequest(
    string SubmissionPath,
    string SubmissionFileName,
    IReadOnlyDictionary<string, string> AssetPaths,
    JsonElement TrackSettings,
    IProgress<ScoringProgress>? Progress = null)
{
    public string Asset(string kind) =>
        AssetPaths.TryGetValue(kind, out var path)
            ? path
            : throw new ScoringConfigurationException($"The organizer has not uploaded the hidden asset '{kind}' for this track.");
}

public sealed record ScoringProgress(long Done, long Total);
