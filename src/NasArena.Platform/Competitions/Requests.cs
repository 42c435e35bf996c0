using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Competitions;

/// <param name="Draft">Every competition is created as a draft (listed to its organizers only, closed to registration) and
/// published by <c>PublishAsync</c> once its pre-publish check finds nothing blocking; absent or true, false is refused
/// (issue 23, ADR 0031). Ignored by updates.</param>
public sealed record CompetitionInput(string Slug, string Title, string? Description, string? Rules, bool RequiresApproval, bool? Draft = null);

public sealed record TrackInput(string Slug, string Title, TrackKind Kind, JsonElement? Settings, long? MaxSubmissionBytes);

public sealed record PhaseInput(
    string Slug,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int? DailyLimit,
    int? TotalLimit,
    string PrimaryMetric,
    bool? HigherIsBetter,
    bool? HideLogs,
    bool? ShowUncertainty = null,
    double? TieLevel = null);

public sealed record RegistrationInput(bool AcceptRules, string? TeamName, string? JoinCode);
