using System.Runtime.CompilerServices;
namespace NasArena.Scoring.Metrics;

/// <summary>
/// Kendall's tau-b, computed as <c>scipy.stats.kendalltau(x, y)</c> does (variant 'b', ties handled),
/// in O(n log n) by Knight's algorithm. Shared by the predictor and the supernet tracks, and by the bootstrap
/// (<see cref="Bootstrap"/>), which ranks once and then runs the same core (<see cref="OfRanks"/>) on each resample.
/// </summary>
public static class KendallTau
{
    /// <summary>
    /// Kendall's tau-b of two equally long samples. Returns NaN where scipy does: fewer than two values,
    /// a NaN in either input, or an input whose values are all equal.
    /// </summary>
    public static double TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Numeric.RequireSameLength(x, y, "Kendall's tau");
        int n = x.Length;
        if (n < 2 || Numeric.ContainsNaN(x) || Numeric.ContainsNaN(y)) return double.NaN;

        // Dense ranks turn every later comparison into an int comparison.
        var xRank = new int[n];
        var yRank = new int[n];
        int xDistinct = DenseRanks(x, xRank);
        int yDistinct = DenseRanks(y, yRank);
        return OfRanks(xRank, xDistinct, yRank, yDistinct, new Workspace(n, xDistinct, yDistinct));
    }

    /// <summary>Buffers of the core, reused across the resamples of a bootstrap (one per thread).</summary>
    internal sealed class Workspace(int n, int xRange, int yRange)
    {
        public readonly int[] YStart = new int[yRange + 1];
        public readonly int[] XStart = new int[xRange + 1];
        public readonly int[] XNext = new int[xRange];
        public readonly int[] YOrder = new int[n];
        public readonly int[] YSeq = new int[n];
        public readonly int[] Scratch = new int[n];
    }

    /// <summary>
    /// The core: tau-b of two samples given as integer codes whose order is the values' order (codes in [0, range);
    /// gaps allowed, equal values share a code), such as dense ranks, or dense ranks gathered through resample indices.
    /// Counting sorts replace comparison sorts, so a resample costs O(n + range) plus the merge sort of the inversions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double OfRanks(ReadOnlySpan<int> xRank, int xRange, ReadOnlySpan<int> yRank, int yRange, Workspace w)
    {
        int n = xRank.Length;
        if (n < 2) return double.NaN;
        var yStart = w.YStart;
        var xStart = w.XStart;
        Array.Clear(yStart, 0, yRange + 1);
        Array.Clear(xStart, 0, xRange + 1);
        for (int i = 0; i < n; i++) { yStart[yRank[i] + 1]++; xStart[xRank[i] + 1]++; }
        long xTies = 0, yTies = 0;
        for (int r = 0; r < yRange; r++) { long c = yStart[r + 1]; yTies += c * (c - 1) / 2; yStart[r + 1] += yStart[r]; }
        for (int r = 0; r < xRange; r++) { long c = xStart[r + 1]; xTies += c * (c - 1) / 2; xStart[r + 1] += xStart[r]; }

        long total = (long)n * (n - 1) / 2;
        if (xTies == total || yTies == total) return double.NaN;

        // Stable counting sort by y (index order among equal y), then stable counting sort by x: the y ranks in (x, y) order.
        var yOrder = w.YOrder;
        for (int i = 0; i < n; i++) yOrder[yStart[yRank[i]]++] = i;
        var next = w.XNext;
        Array.Copy(xStart, next, xRange);
        var ySeq = w.YSeq;
        for (int k = 0; k < n; k++)
        {
            int i = yOrder[k];
            ySeq[next[xRank[i]]++] = yRank[i];
        }

        // Pairs tied in both x and y: runs of equal y inside each block of equal x (sorted by y there).
        long jointTies = 0;
        for (int r = 0; r < xRange; r++)
        {
            int lo = xStart[r], hi = xStart[r + 1];
            if (hi - lo < 2) continue;
            int runStart = lo;
            for (int i = lo + 1; i < hi; i++)
            {
                if (ySeq[i] != ySeq[i - 1])
                {
                    long run = i - runStart;
                    jointTies += run * (run - 1) / 2;
                    runStart = i;
                }
            }
            long last = hi - runStart;
            jointTies += last * (last - 1) / 2;
        }
        // Few distinct y values (accuracies rounded to a few digits): count on a small tree; otherwise merge sort.
        long discordant = yRange <= n / 4 ? Inversions.CountFewValues(ySeq, n, yRange, w.Scratch) : Inversions.Count(ySeq, w.Scratch, n);

        // scipy: tot = con + dis + xtie + ytie - ntie, tau = (con - dis) / sqrt(tot - xtie) / sqrt(tot - ytie).
        // Same integer arithmetic and the same floating-point operations in the same order, so the same double.
        long conMinusDis = total - xTies - yTies + jointTies - 2 * discordant;
        double tau = conMinusDis / Math.Sqrt(total - xTies) / Math.Sqrt(total - yTies);
        return Math.Min(1.0, Math.Max(-1.0, tau));
    }

    /// <summary>Writes 0-based dense ranks; returns the number of distinct values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int DenseRanks(ReadOnlySpan<double> values, int[] ranks)
    {
        int n = values.Length;
        if (n == 0) return 0;
        var order = RadixOrder.Of(values);
        int rank = 0;
        double previous = values[order[0]];
        ranks[order[0]] = 0;
        for (int i = 1; i < n; i++)
        {
            double v = values[order[i]];
            // != treats -0.0 and 0.0 as equal, as numpy does.
            if (v != previous)
            {
                rank++;
                previous = v;
            }
            ranks[order[i]] = rank;
        }
        return rank + 1;
    }
}
