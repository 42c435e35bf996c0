namespace NasArena.Supernet.Metrics;

/// <summary>
/// Kendall's tau-b (ties handled as scipy.stats.kendalltau), O(n log n) by Knight's algorithm.
/// Temporary: the lead swaps it for NasArena.Scoring.Metrics.Kendall once that exists on main.
/// </summary>
internal static class TemporaryKendall
{
    public static double TauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n != y.Count) throw new ArgumentException("x and y differ in length");
        if (n < 2) return double.NaN;
        var idx = Enumerable.Range(0, n).OrderBy(i => x[i]).ThenBy(i => y[i]).ToArray();

        long TiesPairs(Func<int, int, bool> same, int[] order)
        {
            long total = 0, run = 1;
            for (int i = 1; i < order.Length; i++)
            {
                if (same(order[i - 1], order[i])) run++;
                else { total += run * (run - 1) / 2; run = 1; }
            }
            return total + run * (run - 1) / 2;
        }
        long n1 = TiesPairs((a, b) => x[a] == x[b], idx);
        long n3 = TiesPairs((a, b) => x[a] == x[b] && y[a] == y[b], idx);
        // Count swaps while merge-sorting by y: the discordant pairs.
        var work = (int[])idx.Clone();
        var buffer = new int[n];
        long swaps = MergeCount(work, buffer, 0, n, y);
        long n2 = TiesPairs((a, b) => y[a] == y[b], work);
        long n0 = (long)n * (n - 1) / 2;
        double numerator = n0 - n1 - n2 + n3 - 2.0 * swaps;
        double denominator = Math.Sqrt((double)(n0 - n1) * (n0 - n2));
        return denominator == 0 ? double.NaN : numerator / denominator;
    }

    static long MergeCount(int[] a, int[] buf, int lo, int hi, IReadOnlyList<double> y)
    {
        if (hi - lo < 2) return 0;
        int mid = (lo + hi) / 2;
        long swaps = MergeCount(a, buf, lo, mid, y) + MergeCount(a, buf, mid, hi, y);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (y[a[j]] < y[a[i]]) { swaps += mid - i; buf[k++] = a[j++]; }
            else buf[k++] = a[i++];
        }
        while (i < mid) buf[k++] = a[i++];
        while (j < hi) buf[k++] = a[j++];
        Array.Copy(buf, lo, a, lo, hi - lo);
        return swaps;
    }
}
