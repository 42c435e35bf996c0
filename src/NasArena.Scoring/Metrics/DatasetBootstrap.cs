using System.Runtime.CompilerServices;

namespace NasArena.Scoring.Metrics;

/// <summary>
/// One data set's test items on one board, in the data set's test order: bit i of <see cref="Correct"/> (least
/// significant bit first) is 1 when item i was predicted right. <see cref="Correct"/> is null when the run failed: the
/// data set then scores its fixed floor whatever the resample. Held by the worker only; never stored or shown.
/// </summary>
public sealed record DatasetItems(string Codename, double BenchmarkPercent, int Count, byte[]? Correct)
{
    public bool Failed => Correct is null;

    public static byte[] Pack(IReadOnlyList<bool> correct)
    {
        var bits = new byte[(correct.Count + 7) / 8];
        for (int i = 0; i < correct.Count; i++)
            if (correct[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        return bits;
    }
}

/// <summary>The data sets of one board, in the order their scores are summed (the data sets' name order).</summary>
public sealed record StratifiedItems(IReadOnlyList<DatasetItems> Datasets)
{
    public int Count => Datasets.Sum(d => d.Count);
}

/// <summary>
/// The unseen-data score and its stratified, paired percentile bootstrap (ADR 0021). Each data set's items are resampled
/// on their own (a stratum: data sets have fixed sizes and are not exchangeable), with indices from
/// <see cref="ResampleIndices"/> seeded per data set, so every entry of a phase draws the same items of each data set.
/// On each resample every data set's accuracy and score are recomputed with the very operations that give the shown ones.
/// </summary>
public static class DatasetBootstrap
{
    /// <summary>The score of a failed data set (and the floor of every score).</summary>
    public const double Floor = -10;

    public const string TotalMetric = "score";

    /// <summary>Accuracy in percent of <paramref name="right"/> of <paramref name="total"/> items; 0 for none.</summary>
    public static double AccuracyOf(long right, long total) => total == 0 ? 0 : 100.0 * right / total;

    /// <summary>Score of the 2022 onward rules: 0 at the benchmark, 10 for a perfect score, floored at -10.</summary>
    public static double ScoreOf(double accuracyPercent, double benchmarkPercent) =>
        Math.Max(Floor, 10 * (accuracyPercent - benchmarkPercent) / (100 - benchmarkPercent));

    private enum Kind { Total, Accuracy, Score }

    /// <summary>What a metric name means over these data sets: "score" (the sum), "{codename}_accuracy" or "{codename}_score"; null for another name.</summary>
    private static (Kind Kind, int Dataset)? Resolve(string metric, StratifiedItems items)
    {
        if (metric == TotalMetric) return (Kind.Total, -1);
        for (int d = 0; d < items.Datasets.Count; d++)
        {
            var c = items.Datasets[d].Codename;
            if (metric == c + "_accuracy") return (Kind.Accuracy, d);
            if (metric == c + "_score") return (Kind.Score, d);
        }
        return null;
    }

    /// <summary>Whether <paramref name="metric"/> is one the bootstrap recomputes over these data sets.</summary>
    public static bool Supports(string metric, StratifiedItems items) => Resolve(metric, items) is not null;

    /// <summary>
    /// The metric on each of <paramref name="resamples"/> resamples. Resample b of data set d takes d.Count indices from
    /// <c>ResampleIndices.Fill(seedOf(d.Codename), b, ...)</c>; the total sums the data sets' scores in list order.
    /// </summary>
    public static double[] Replicates(string metric, StratifiedItems items, Func<string, ulong> seedOf, int resamples = Bootstrap.DefaultResamples)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "A bootstrap needs at least one resample.");
        var (kind, only) = Resolve(metric, items)
            ?? throw new ArgumentException($"'{metric}' is not a metric of these data sets (score, or {{codename}}_accuracy / {{codename}}_score of {string.Join(", ", items.Datasets.Select(d => d.Codename))}).", nameof(metric));
        var datasets = kind == Kind.Total ? items.Datasets : [items.Datasets[only]];
        foreach (var d in datasets)
            if (d.Correct is { } c && c.Length * 8L < d.Count)
                throw new ArgumentException($"Data set '{d.Codename}' has {d.Count} items but {c.Length * 8} bits of correctness.", nameof(items));
        // Unpacked once to one byte per item, so that each resample's count is a plain gather.
        var unpacked = datasets.Select(d => d.Correct is { } c ? Unpack(c, d.Count) : null).ToArray();
        var seeds = datasets.Select(d => seedOf(d.Codename)).ToArray();
        int longest = datasets.Count == 0 ? 0 : datasets.Max(d => d.Count);
        var replicates = new double[resamples];
        Parallel.For(0, resamples, () => new int[longest], (b, _, indices) =>
        {
            double total = 0;
            for (int d = 0; d < datasets.Count; d++)
            {
                var set = datasets[d];
                double accuracy = 0, score = Floor;
                if (unpacked[d] is { } correct)
                {
                    var span = indices.AsSpan(0, set.Count);
                    ResampleIndices.Fill(seeds[d], b, span);
                    accuracy = AccuracyOf(CountRight(correct, span), set.Count);
                    score = ScoreOf(accuracy, set.BenchmarkPercent);
                }
                // The same additions, in the same order, as the shown total (Enumerable.Sum from 0); one data set's
                // metric is its own accuracy or score.
                total = kind switch { Kind.Total => total + score, Kind.Accuracy => accuracy, _ => score };
            }
            replicates[b] = total;
            return indices;
        }, _ => { });
        return replicates;
    }

    private static byte[] Unpack(byte[] bits, int count)
    {
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = (byte)((bits[i >> 3] >> (i & 7)) & 1);
        return bytes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountRight(byte[] correct, ReadOnlySpan<int> indices)
    {
        long right = 0;
        foreach (var i in indices) right += correct[i];
        return right;
    }
}
