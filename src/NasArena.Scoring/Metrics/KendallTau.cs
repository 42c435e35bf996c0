using System.Runtime.CompilerServices;
namespace NasArena.Scoring.Metrics;

/// <summary>
/// Kendall's tau-b, computed as <c>scipy.stats.kendalltau(x, y)</c> does (variant 'b', ties handled),
/// in O(n log n) by Knight's algorithm. Shared by the predictor and the supernet tracks.
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

        // Dense ranks turn every later comparison into an int comparison; the sort of y also gives y's order.
        var xRank = new int[n];
        var yRank = new int[n];
        int xDistinct = DenseRanks(x, xRank, out _, out long xTies);
        DenseRanks(y, yRank, out int[] yOrder, out long yTies);

        long total = (long)n * (n - 1) / 2;
        if (xTies == total || yTies == total) return double.NaN;

        // Stable counting sort by x rank of the y-sorted indices: the y ranks in (x, y) order.
        var ySeq = OrderByXThenY(xRank, yRank, yOrder, xDistinct, out long jointTies);
        long discordant = Inversions.Count(ySeq);

        // scipy: tot = con + dis + xtie + ytie - ntie, tau = (con - dis) / sqrt(tot - xtie) / sqrt(tot - ytie).
        // Same integer arithmetic and the same floating-point operations in the same order, so the same double.
        long conMinusDis = total - xTies - yTies + jointTies - 2 * discordant;
        double tau = conMinusDis / Math.Sqrt(total - xTies) / Math.Sqrt(total - yTies);
        return Math.Min(1.0, Math.Max(-1.0, tau));
    }

    /// <summary>Writes 0-based dense ranks; returns the number of distinct values and the tied pairs Σ t(t-1)/2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int DenseRanks(ReadOnlySpan<double> values, int[] ranks, out int[] order, out long tiedPairs)
    {
        int n = values.Length;
        order = RadixOrder.Of(values);
        tiedPairs = 0;
        int rank = 0, runStart = 0;
        double previous = values[order[0]];
        ranks[order[0]] = 0;
        for (int i = 1; i < n; i++)
        {
            double v = values[order[i]];
            // != treats -0.0 and 0.0 as equal, as numpy does.
            if (v != previous)
            {
                long run = i - runStart;
                tiedPairs += run * (run - 1) / 2;
                runStart = i;
                rank++;
                previous = v;
            }
            ranks[order[i]] = rank;
        }
        long last = n - runStart;
        tiedPairs += last * (last - 1) / 2;
        return rank + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int[] OrderByXThenY(int[] xRank, int[] yRank, int[] yOrder, int xDistinct, out long jointTies)
    {
        int n = xRank.Length;
        var start = new int[xDistinct + 1];
        for (int i = 0; i < n; i++) start[xRank[i] + 1]++;
        for (int r = 0; r < xDistinct; r++) start[r + 1] += start[r];

        var ySeq = new int[n];
        var next = start.AsSpan(0, xDistinct).ToArray();
        foreach (int i in yOrder) ySeq[next[xRank[i]]++] = yRank[i];

        // Pairs tied in both x and y: runs of equal y inside each block of equal x (sorted by y there).
        jointTies = 0;
        for (int r = 0; r < xDistinct; r++)
        {
            int lo = start[r], hi = start[r + 1], runStart = lo;
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
        return ySeq;
    }
}
