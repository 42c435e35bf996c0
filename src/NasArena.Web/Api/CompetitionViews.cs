using System.Text.Json;
using NasArena.Platform.Domain;
using NasArena.Scoring.Contract;

namespace NasArena.Web.Api;

public sealed record CompetitionSummary(Guid Id, string Slug, string Title, string Description, bool RequiresApproval, DateTimeOffset CreatedAt);

public sealed record CompetitionView(Guid Id, string Slug, string Title, string Description, string Rules, bool RequiresApproval,
    bool IsOrganizer, List<TrackView> Tracks, DateTimeOffset? PublishedAt = null)
{
    public static CompetitionView From(Competition c, bool organizer) => new(c.Id, c.Slug, c.Title, c.Description, c.Rules,
        c.RequiresApproval, organizer, c.Tracks.OrderBy(t => t.Slug).Select(t => TrackView.From(t, organizer)).ToList(), c.PublishedAt);
}

public sealed record TrackView(Guid Id, string Slug, string Title, TrackKind Kind, JsonElement Settings, long MaxSubmissionBytes, List<PhaseView> Phases)
{
    public static readonly string[] OrganizerOnlySettings = NasArena.Platform.Tracks.OrganizerOnlySettings.Keys;

    public static TrackView From(Track t, bool organizer)
    {
        using var settings = JsonDocument.Parse(organizer ? t.SettingsJson : WithoutOrganizerOnly(t.SettingsJson));
        return new(t.Id, t.Slug, t.Title, t.Kind, settings.RootElement.Clone(), t.MaxSubmissionBytes,
            t.Phases.OrderBy(p => p.StartsAt).Select(p => PhaseView.From(p, organizer)).ToList());
    }

    public static string WithoutOrganizerOnly(string settingsJson) => NasArena.Platform.Tracks.OrganizerOnlySettings.Remove(settingsJson);
}

/// <param name="PrivatePublished">Whether the private board is revealed: by the organizer, or its reveal time passed (ADR 0041).</param>
public sealed record PhaseView(Guid Id, string Slug, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? DailyLimit,
    int? TotalLimit, string PrimaryMetric, bool HigherIsBetter, bool PrivatePublished, bool HideLogs, List<AssetView> Assets,
    bool ShowUncertainty, double TieLevel)
{
    public static PhaseView From(Phase p, bool organizer) => new(p.Id, p.Slug, p.Title, p.StartsAt, p.EndsAt, p.DailyLimit, p.TotalLimit,
        p.PrimaryMetric, p.HigherIsBetter, NasArena.Platform.Leaderboards.Finals.BoardRules.IsRevealed(p, DateTimeOffset.UtcNow), p.HideLogs,
        p.Assets.Where(a => organizer || a.IsPublic || a.IsDebug).OrderBy(a => a.Kind).ThenBy(a => a.Name).Select(AssetView.From).ToList(),
        p.ShowUncertainty, p.TieLevel);
}

/// <param name="Validation">Valid, Pending (a worker of the track kind's queue is checking it) or Invalid (<paramref name="ValidationMessage"/> says why).</param>
public sealed record AssetView(Guid Id, string Kind, string Name, bool IsPublic, string? FileName, long? SizeBytes, string? Sha256, DateTimeOffset UploadedAt,
    AssetValidation Validation = AssetValidation.Valid, string? ValidationMessage = null, bool IsDebug = false)
{
    public static AssetView From(PhaseAsset a) =>
        new(a.Id, a.Kind, a.Name, a.IsPublic, a.Artifact?.FileName, a.Artifact?.SizeBytes, a.Artifact?.Sha256, a.UploadedAt, a.Validation, a.ValidationMessage,
            a.IsDebug);
}

public sealed record RegistrationView(Guid Id, Guid UserId, string? UserName, Guid TeamId, string TeamName, string? JoinCode,
    RegistrationStatus Status, DateTimeOffset RulesAcceptedAt, string? DecisionReason)
{
    public static RegistrationView From(Registration r, bool showJoinCode) => new(r.Id, r.UserId, r.User?.DisplayName, r.TeamId,
        r.Team!.Name, showJoinCode ? r.Team.JoinCode : null, r.Status, r.RulesAcceptedAt, r.DecisionReason);
}
