using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Contract;

/// <summary>
/// Metrics on the public and the private part of the hidden set, kept apart so that private numbers are
/// never shown before the organizer publishes them. Details are scorer-specific JSON for the detail view
/// (e.g. per-architecture results); they must hold nothing derived from hidden labels that a participant
/// may not see. <see cref="PublicItems"/> and <see cref="PrivateItems"/> are the per-item values the metrics were
/// computed from, in the hidden set's order, for the bootstrap interval the worker computes (ADR 0018); never stored.
/// A scorer whose metric is a sum of per-data-set accuracy scores (unseen data) gives <see cref="PublicDatasets"/> and
/// <see cref="PrivateDatasets"/> instead: a correctness bit per test item of each data set, for the stratified bootstrap
/// (ADR 0021); never stored either. A scorer that gives neither gets no interval.
/// </summary>
public sealed record ScoreResult(
    IReadOnlyDictionary<string, double> Public,
    IReadOnlyDictionary<string, double> Private,
    string? DetailsJson = null,
    ScoredItems? PublicItems = null,
    ScoredItems? PrivateItems = null,
    StratifiedItems? PublicDatasets = null,
    StratifiedItems? PrivateDatasets = null);
