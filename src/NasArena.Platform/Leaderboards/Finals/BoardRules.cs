using System.Text.Json;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Leaderboards.Finals;

/// <summary>
/// What each board of a phase shows at a given time (issue 25, ADRs 0040-0042): whether the public board is frozen, whether
/// the private one is revealed, and which metric each ranks by. One place, so the API, the pages and the publish check agree.
/// </summary>
public static class BoardRules
{
    /// <summary>The public board stopped moving for everyone but the organizers (<see cref="Phase.FreezesAt"/> has passed).</summary>
    public static bool IsFrozen(Phase phase, DateTimeOffset now) => phase.FreezesAt is { } at && now >= at;

    /// <summary>The private board (and private scores) may be read by participants: revealed by the organizer or at its set time.</summary>
    public static bool IsRevealed(Phase phase, DateTimeOffset now) => phase.PrivatePublished || (phase.RevealsAt is { } at && now >= at);

    /// <summary>The metric a board ranks by and its direction: the private board always by the primary metric; the public one by
    /// <see cref="Phase.PublicMetric"/> when the organizer set one (its direction from the track kind's catalogue).</summary>
    public static (string Metric, bool HigherIsBetter) MetricOf(Phase phase, Board board)
    {
        if (board == Board.Private || string.IsNullOrEmpty(phase.PublicMetric) || phase.PublicMetric == phase.PrimaryMetric)
        {
            return (phase.PrimaryMetric, phase.HigherIsBetter);
        }
        var higher = phase.Track is { } track && TrackCatalog.Get(track.Kind).Metrics.TryGetValue(phase.PublicMetric, out var up) ? up : true;
        return (phase.PublicMetric, higher);
    }

    /// <summary>A scored submission's value on a board: the stored primary, or the public metric read from the stored public metrics.</summary>
    public static double? ValueOf(Submission s, Phase phase, Board board)
    {
        var score = s.Score!;
        if (board == Board.Private) return score.PrivatePrimary;
        var (metric, _) = MetricOf(phase, board);
        return metric == phase.PrimaryMetric ? score.PublicPrimary : ScoreRecords.Primary(score.PublicMetricsJson, metric);
    }

    /// <summary>
    /// Whether the two boards would be scored on the same items: the kind's descriptor says, from the phase's merged
    /// settings (predictor and supernet hidden sets put every item on one board, so never; unseen data unless split).
    /// </summary>
    public static bool SameItems(Track track, Phase phase)
    {
        using var settings = JsonDocument.Parse(PhaseSettings.Merge(string.IsNullOrWhiteSpace(track.SettingsJson) ? "{}" : track.SettingsJson, phase.Slug));
        return TrackCatalog.Get(track.Kind).BoardsShareItems(settings.RootElement);
    }

    /// <summary>What the publish check says when the organizer asked for a split and the public board is the private one; null when not.</summary>
    public static string? IdenticalBoardsProblem(Track track, Phase phase)
    {
        if (!phase.SplitBoards || MetricOf(phase, Board.Public).Metric != phase.PrimaryMetric || !SameItems(track, phase)) return null;
        return $"Phase '{track.Title} · {phase.Title}' asks for a public board that differs from the private one, but both would rank by " +
            $"'{phase.PrimaryMetric}' over the same items: choose another public metric (Final standings section) or split the items " +
            "(track settings 'privateTestFraction' or 'datasetBoards').";
    }

    /// <summary>The editor's and the API's words for what a board ranks: its metric and over which hidden items.</summary>
    public static string Describe(Track track, Phase phase, Board board)
    {
        var (metric, higher) = MetricOf(phase, board);
        var kind = TrackCatalog.Get(track.Kind);
        var items = SameItems(track, phase) ? kind.SharedBoardItems : kind.BoardItems(Name(board));
        return $"{metric} ({(higher ? "higher" : "lower")} is better) over {items}";
    }

    private static string Name(Board board) => board == Board.Public ? "public" : "private";
}
