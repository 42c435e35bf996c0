using System.Text.Json.Nodes;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Shared.Submissions;

namespace NasArena.Web.Components.Shared.Kinds;

/// <summary>What a scored submission's page shows below its metrics: its id, the scorer's details and whether the reader organizes.</summary>
public sealed record BreakdownInput(Guid SubmissionId, JsonNode? Details, bool Organizer);

/// <summary>
/// The registry of each track kind's page parts that need Razor (the rest of a kind is its descriptor, read through
/// NasArena.Platform.Tracks.TrackCatalog): the breakdown component of a scored submission and its parameters. A kind
/// without an entry here fails the registry test (KindRegistryTests) rather than showing another kind's breakdown.
/// </summary>
public static class KindViews
{
    private static readonly Dictionary<TrackKind, (Type Component, Func<BreakdownInput, Dictionary<string, object?>> Parameters)> Breakdowns = new()
    {
        [TrackKind.Predictor] = (typeof(PredictionBreakdown), b => new()
        {
            [nameof(PredictionBreakdown.SubmissionId)] = b.SubmissionId,
            [nameof(PredictionBreakdown.Organizer)] = b.Organizer,
        }),
        [TrackKind.Supernet] = (typeof(SupernetBreakdown), b => new() { [nameof(SupernetBreakdown.Details)] = b.Details }),
        [TrackKind.UnseenData] = (typeof(UnseenDataBreakdown), b => new() { [nameof(UnseenDataBreakdown.Details)] = b.Details }),
        [TrackKind.HardwareMultiObjective] = (typeof(FrontBreakdown), b => new() { [nameof(FrontBreakdown.Details)] = b.Details }),
    };

    /// <summary>The kinds that have a breakdown (the registry test compares them with the catalogue).</summary>
    public static IEnumerable<TrackKind> Kinds => Breakdowns.Keys;

    public static Type Breakdown(TrackKind kind) => Entry(kind).Component;

    public static IDictionary<string, object?> BreakdownParameters(TrackKind kind, BreakdownInput input) => Entry(kind).Parameters(input);

    private static (Type Component, Func<BreakdownInput, Dictionary<string, object?>> Parameters) Entry(TrackKind kind) =>
        Breakdowns.TryGetValue(kind, out var entry) ? entry
            : throw new InvalidOperationException($"Track kind {kind} has no breakdown component registered in KindViews.");
}
