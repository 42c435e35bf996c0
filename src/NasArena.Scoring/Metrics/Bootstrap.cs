using System.Runtime.CompilerServices;

namespace NasArena.Scoring.Metrics;

/// <summary>
/// The items a metric was computed over, in the hidden set's order (the same order for every submission of a phase, so
/// that equal resample indices pick the same architectures for everyone: a paired bootstrap). Held in memory only:
/// truth values never leave the worker.
/// </summary>
public sealed record ScoredItems(double[] Predicted, double[] Truth, double TopKPercent = MetricSet.DefaultTopKPercent);

/// <summary>A percentile interval of bootstrap replicates.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>
/// Percentile bootstrap of a metric over the scored items: resample the n items with replacement (indices from
/// <see cref="ResampleIndices"/>), recompute the metric through <see cref="MetricSet.Compute"/> (Kendall's tau through its
/// own core on ranks computed once, <see cref="KendallTau.OfRanks"/>), and read the interval off the replicates.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 1000;

    /// <summary>The metric on each of <paramref name="resamples"/> resamples; NaN where the metric is undefined on one.</summary>
    public static double[] Replicates(string metric, ScoredItems items, ulong seed, int resamples = DefaultResamples)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "A bootstrap needs at least one resample.");
        Numeric.RequireSameLength(items.Predicted, items.Truth, metric);
        MetricSet.Compute(metric, [], [], items.TopKPercent); // throws for an unknown metric before any work
        int n = items.Predicted.Length;
        var replicates = new double[resamples];
        if (n == 0 || Numeric.ContainsNaN(items.Predicted) || Numeric.ContainsNaN(items.Truth))
        {
            Array.Fill(replicates, double.NaN);
            return replicates;
        }
        if (metric == MetricCatalog.KendallTau) KendallReplicates(items, seed, replicates);
        else GenericReplicates(metric, items, seed, replicates);
        return replicates;
    }

    static void KendallReplicates(ScoredItems items, ulong seed, double[] replicates)
    {
        int n = items.Predicted.Length;
        var xRank = new int[n];
        var yRank = new int[n];
        int xRange = KendallTau.DenseRanks(items.Predicted, xRank);
        int yRange = KendallTau.DenseRanks(items.Truth, yRank);
        // A gathered dense rank keeps the values' order, so each resample's tau comes from ranks without sorting doubles.
        Parallel.For(0, replicates.Length,
            () => (Indices: new int[n], X: new int[n], Y: new int[n], W: new KendallTau.Workspace(n, xRange, yRange)),
            (b, _, s) =>
            {
                ResampleIndices.Fill(seed, b, s.Indices);
                Gather(xRank, yRank, s.Indices, s.X, s.Y);
                replicates[b] = KendallTau.OfRanks(s.X, xRange, s.Y, yRange, s.W);
                return s;
            }, _ => { });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather(int[] x, int[] y, int[] indices, int[] xOut, int[] yOut)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            int j = indices[i];
            xOut[i] = x[j];
            yOut[i] = y[j];
        }
    }

    static void GenericReplicates(string metric, ScoredItems items, ulong seed, double[] replicates)
    {
        int n = items.Predicted.Length;
        Parallel.For(0, replicates.Length,
            () => (Indices: new int[n], P: new double[n], T: new double[n]),
            (b, _, s) =>
            {
                ResampleIndices.Fill(seed, b, s.Indices);
                for (int i = 0; i < n; i++)
                {
                    s.P[i] = items.Predicted[s.Indices[i]];
                    s.T[i] = items.Truth[s.Indices[i]];
                }
                replicates[b] = MetricSet.Compute(metric, s.P, s.T, items.TopKPercent);
                return s;
            }, _ => { });
    }

    /// <summary>
    /// The central percentile interval at <paramref name="level"/> (0.95: the 2.5th and 97.5th percentiles) of the defined
    /// replicates, as <c>numpy.nanpercentile(replicates, [2.5, 97.5])</c> with its default linear interpolation; null
    /// when no replicate is defined.
    /// </summary>
    public static Interval? IntervalOf(ReadOnlySpan<double> replicates, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The interval's level must be in (0, 1).");
        var defined = new List<double>(replicates.Length);
        foreach (var r in replicates)
            if (!double.IsNaN(r)) defined.Add(r);
        if (defined.Count == 0) return null;
        defined.Sort();
        // Percentages as numpy gets them (2.5 and 97.5, then divided by 100), not (1 - level) / 2 with its rounding error.
        double tail = Math.Round((1 - level) / 2 * 100, 10);
        return new Interval(Percentile(defined, tail / 100), Percentile(defined, (100 - tail) / 100));
    }

    /// <summary>numpy's 'linear' quantile of sorted values: virtual index (n-1)·q, then numpy's own lerp.</summary>
    static double Percentile(List<double> sorted, double q)
    {
        double index = (sorted.Count - 1) * q;
        int below = (int)Math.Floor(index);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double t = index - below, a = sorted[below], b = sorted[above];
        double diff = b - a;
        // numpy._lerp: a + diff·t, but b - diff·(1-t) from t = 0.5 on (exact at both ends).
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
