using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Competitions;

/// <param name="Draft">True keeps it unpublished (listed to its organizers only, closed to registration) until
/// <c>PublishAsync</c> finds nothing blocking; false (the default, as before drafts existed) publishes it at once.</param>
public sealed record CompetitionInput(string Slug, string Title, string? Description, string? Rules, bool RequiresApproval, bool Draft = false);

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
