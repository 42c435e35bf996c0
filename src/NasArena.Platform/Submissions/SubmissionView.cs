using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Submissions;

/// <summary>What a caller sees of a submission. Private metrics are null until published (organizers always see them).</summary>
public sealed record SubmissionView(
    Guid Id,
    Guid PhaseId,
    Guid TeamId,
    string TeamName,
    string FileName,
    string Description,
    SubmissionStatus Status,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    string? ScorerVersion,
    long ProgressDone,
    long ProgressTotal,
    bool CountsAgainstQuota,
    bool IsBaseline,
    bool IsHidden,
    bool IsDisqualified,
    Dictionary<string, double?>? PublicMetrics,
    Dictionary<string, double?>? PrivateMetrics,
    JsonNode? Details,
    long? SizeBytes,
    string? Sha256,
    JsonNode? Provenance = null)
{
    public static SubmissionView From(Submission s, string teamName, Phase phase, bool organizer)
    {
        var score = s.Score;
        var showPrivate = organizer || phase.PrivatePublished;
        return new SubmissionView(
            s.Id, s.PhaseId, s.TeamId, teamName, s.FileName, s.Description, s.Status, s.FailureReason,
            s.CreatedAt, s.QueuedAt, s.StartedAt, s.FinishedAt, s.Attempts, s.ScorerVersion, s.ProgressDone, s.ProgressTotal,
            s.CountsAgainstQuota, s.IsBaseline, s.IsHidden, s.IsDisqualified,
            score is null ? null : ScoreRecords.FromJson(score.PublicMetricsJson),
            score is null || !showPrivate ? null : ScoreRecords.FromJson(score.PrivateMetricsJson),
            DetailsFor(score?.DetailsJson, phase, organizer),
            s.Artifact?.SizeBytes, s.Artifact?.Sha256, Jobs.ScoreProvenance.ForReader(score?.ProvenanceJson, organizer));
    }

    /// <summary>
    /// Scorer details as stored, less what a participant may not see: logs when the phase hides them, and
    /// anything a scorer filed under "private" (e.g. per-architecture results on the private split).
    /// </summary>
    private static JsonNode? DetailsFor(string? json, Phase phase, bool organizer)
    {
        if (json is null)
        {
            return null;
        }
        var node = JsonNode.Parse(json);
        if (!organizer && node is JsonObject obj)
        {
            if (!phase.PrivatePublished)
            {
                obj.Remove("private");
            }
            if (phase.HideLogs || TrackHidesLogs(phase.Track?.SettingsJson))
            {
                obj.Remove("logs");
            }
        }
        return node;
    }

    /// <summary>The unseen-data track's own "hideLogs" setting hides logs in every phase of the track.</summary>
    private static bool TrackHidesLogs(string? settingsJson)
    {
        if (settingsJson is null)
        {
            return false;
        }
        using var settings = JsonDocument.Parse(settingsJson);
        return settings.RootElement.ValueKind == JsonValueKind.Object &&
            settings.RootElement.TryGetProperty("hideLogs", out var hide) && hide.ValueKind == JsonValueKind.True;
    }
}
