namespace NasArena.Scoring.Contract;

/// <summary>
/// Metrics on the public and the private part of the hidden set, kept apart so that private numbers are
/// never shown before the organizer publishes them. Details are scorer-specific JSON for the detail view
/// (e.g. per-architecture results); they must hold nothing derived from hidden labels that a participant
/// may not see.
/// </summary>
public sealed record ScoreResult(
    IReadOnlyDictionary<string, double> Public,
    IReadOnlyDictionary<string, double> Private,
    string? DetailsJson = null);
