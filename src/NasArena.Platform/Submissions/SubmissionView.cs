using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

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
    JsonNode? Provenance = null,
    bool FailedByParticipant = false,
    bool CountsAsFailed = false,
    Jobs.Accounting.ComputeUsage? Compute = null,
    bool IsDebug = false)
{
    public static SubmissionView From(Submission s, string teamName, Phase phase, bool organizer)
    {
        var score = s.Score;
        var showPrivate = organizer || Leaderboards.Finals.BoardRules.IsRevealed(phase, DateTimeOffset.UtcNow);
        // A debug run's log is the team's own package on the debug split, which participants may download: shown in full
        // even where the phase hides logs, since it can reveal nothing hidden (ADR 0044).
        var hideLogs = !organizer && !s.IsDebug && (phase.HideLogs || TrackHidesLogs(phase.Track?.SettingsJson));
        return new SubmissionView(
            s.Id, s.PhaseId, s.TeamId, teamName, s.FileName, s.Description, s.Status,
            hideLogs && s.FailureReason is { } reason ? PackageWords.PlatformPart(reason) : s.FailureReason,
            s.CreatedAt, s.QueuedAt, s.StartedAt, s.FinishedAt, s.Attempts, s.ScorerVersion, s.ProgressDone, s.ProgressTotal,
            s.CountsAgainstQuota, s.IsBaseline, s.IsHidden, s.IsDisqualified,
            score is null ? null : ScoreRecords.FromJson(score.PublicMetricsJson),
            score is null || !showPrivate ? null : ScoreRecords.FromJson(score.PrivateMetricsJson),
            DetailsFor(score?.DetailsJson, phase, organizer, hideLogs),
            s.Artifact?.SizeBytes, s.Artifact?.Sha256, Jobs.ScoreProvenance.ForReader(score?.ProvenanceJson, organizer, s.IsDebug),
            s.FailedByParticipant, s.CountsAsFailed, Jobs.Accounting.ComputeUsage.Of(s), s.IsDebug);
    }

    /// <summary>
    /// Scorer details as stored, less what a participant may not see: logs and every reason that quotes the package
    /// when the phase hides logs (each "reason" replaced by the "platformReason" beside it, ADR 0033), and anything a
    /// scorer filed under "private" (e.g. per-architecture results on the private split).
    /// </summary>
    private static JsonNode? DetailsFor(string? json, Phase phase, bool organizer, bool hideLogs)
    {
        if (json is null)
        {
            return null;
        }
        var node = JsonNode.Parse(json);
        if (!organizer && node is JsonObject obj)
        {
            if (!Leaderboards.Finals.BoardRules.IsRevealed(phase, DateTimeOffset.UtcNow))
            {
                obj.Remove("private");
            }
            if (hideLogs)
            {
                obj.Remove("logs");
                UsePlatformReasons(obj);
            }
        }
        return node;
    }

    private static void UsePlatformReasons(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj.TryGetPropertyValue(PackageWords.PlatformReasonKey, out var platform))
            {
                obj.Remove(PackageWords.PlatformReasonKey);
                obj["reason"] = platform?.DeepClone();
            }
            foreach (var (_, child) in obj.ToList())
            {
                UsePlatformReasons(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                UsePlatformReasons(child);
            }
        }
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
