using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Leaderboards;

/// <summary>One board's bootstrap of a score: the interval, the replicates (for pairing) and how many items were resampled.</summary>
public sealed record BoardBootstrap(Interval? Interval, double[] Replicates, int Items);

/// <summary>A score's bootstrap on both boards, computed by the worker once per scored submission (ADR 0018).</summary>
public sealed record ScoreUncertainty(string Metric, int Resamples, BoardBootstrap? Public, BoardBootstrap? Private);

/// <summary>
/// The paired bootstrap of the phase's primary metric. Its seed is derived from the phase and the board alone
/// (<see cref="SeedText"/>), so every entry of a board is resampled with the same indices, on any worker, at any rescore.
/// </summary>
public static class Uncertainty
{
    public const double IntervalLevel = 0.95;

    public static string SeedText(Guid phaseId, Board board) => $"nasarena/bootstrap/v1/{phaseId:D}/{board.ToString().ToLowerInvariant()}";

    /// <summary>What the bootstrap resamples on this phase's boards, in words (the leaderboard's note, the CLI's header).</summary>
    public static string Resampled(Phase phase) => phase.Track is { } track ? TrackCatalog.Get(track.Kind).Resampled : "the hidden architectures";

    public static ulong Seed(Guid phaseId, Board board) => ResampleIndices.SeedOf(SeedText(phaseId, board));

    /// <summary>
    /// The seed of one data set's resamples on a board, for the stratified bootstrap of unseen-data scores (ADR 0021):
    /// the board's seed text and the codename, so every entry draws the same items of each data set.
    /// </summary>
    public static ulong DatasetSeed(Guid phaseId, Board board, string codename) => ResampleIndices.SeedOf($"{SeedText(phaseId, board)}/{codename}");

    /// <summary>
    /// Null when the scorer gave no per-item values or the primary metric is not one the bootstrap recomputes (the
    /// per-item catalogue for <see cref="ScoredItems"/>, the score and per-data-set metrics for <see cref="StratifiedItems"/>).
    /// </summary>
    public static ScoreUncertainty? Compute(Phase phase, ScoreResult result, int resamples = Bootstrap.DefaultResamples)
    {
        var metric = phase.PrimaryMetric;
        if (result.PublicItems is not null || result.PrivateItems is not null)
        {
            if (MetricCatalog.Find(metric) is null) return null;
            BoardBootstrap? Of(ScoredItems? items, Board board)
            {
                if (items is null) return null;
                var replicates = Bootstrap.Replicates(metric, items, Seed(phase.Id, board), resamples);
                return new BoardBootstrap(Bootstrap.IntervalOf(replicates, IntervalLevel), replicates, items.Predicted.Length);
            }
            return new ScoreUncertainty(metric, resamples, Of(result.PublicItems, Board.Public), Of(result.PrivateItems, Board.Private));
        }
        BoardBootstrap? OfDatasets(StratifiedItems? items, Board board)
        {
            // A data set counted on one board only has its per-data-set metrics on that board alone.
            if (items is null || !DatasetBootstrap.Supports(metric, items)) return null;
            var replicates = DatasetBootstrap.Replicates(metric, items, codename => DatasetSeed(phase.Id, board, codename), resamples);
            return new BoardBootstrap(Bootstrap.IntervalOf(replicates, IntervalLevel), replicates, items.Count);
        }
        var pub = OfDatasets(result.PublicDatasets, Board.Public);
        var priv = OfDatasets(result.PrivateDatasets, Board.Private);
        return pub is null && priv is null ? null : new ScoreUncertainty(metric, resamples, pub, priv);
    }

    /// <summary>Writes the bootstrap onto the score (null clears it: an older run's intervals must not outlive its metrics).</summary>
    public static void Apply(Score score, ScoreReplicates stored, ScoreUncertainty? u)
    {
        score.BootstrapMetric = u?.Metric;
        score.BootstrapResamples = u?.Resamples ?? 0;
        score.PublicLow = u?.Public?.Interval?.Low;
        score.PublicHigh = u?.Public?.Interval?.High;
        score.PrivateLow = u?.Private?.Interval?.Low;
        score.PrivateHigh = u?.Private?.Interval?.High;
        score.PublicItems = u?.Public?.Items ?? 0;
        score.PrivateItems = u?.Private?.Items ?? 0;
        stored.Public = u?.Public is { } p ? ToBytes(p.Replicates) : null;
        stored.Private = u?.Private is { } q ? ToBytes(q.Replicates) : null;
    }

    public static byte[] ToBytes(double[] values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(double)), values[i]);
        return bytes;
    }

    public static double[] FromBytes(byte[] bytes)
    {
        var values = new double[bytes.Length / sizeof(double)];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToDouble(bytes, i * sizeof(double));
        return values;
    }
}
