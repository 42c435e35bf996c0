namespace NasArena.Scoring.Metrics;

/// <summary>How many of the truly best architectures the prediction also places among its best.</summary>
public static class TopKPrecision
{
    /// <summary>
    /// Of the true top k (by <paramref name="truth"/>, descending), the fraction that is also in the predicted
    /// top k (by <paramref name="predicted"/>, descending). k = ceil(n · <paramref name="topKPercent"/> / 100),
    /// at least 1 and at most n. Ties at the boundary are broken deterministically: values are sorted by value
    /// descending and, among equal values, by index ascending (the earlier entry wins), for both rankings.
    /// Returns NaN for empty input or a NaN in either input.
    /// </summary>
    /// <param name="topKPercent">The percentage of entries that counts as the top, in (0, 100].</param>
    public static double Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth, double topKPercent)
    {
        Numeric.RequireSameLength(predicted, truth, "Top-k precision");
        int n = predicted.Length;
        int k = TopCount(n, topKPercent);
        if (n == 0 || Numeric.ContainsNaN(predicted) || Numeric.ContainsNaN(truth)) return double.NaN;

        var inTrueTop = new bool[n];
        foreach (int i in TopIndices(truth, k)) inTrueTop[i] = true;
        int hits = 0;
        foreach (int i in TopIndices(predicted, k))
            if (inTrueTop[i]) hits++;
        return (double)hits / k;
    }

    /// <summary>k for n entries: ceil(n · percent / 100), clamped to [1, n] (0 when n is 0).</summary>
    public static int TopCount(int n, double topKPercent)
    {
        if (!(topKPercent > 0 && topKPercent <= 100))
            throw new ArgumentOutOfRangeException(nameof(topKPercent), topKPercent, "The top-k percentage must be in (0, 100].");
        if (n == 0) return 0;
        // The small slack keeps products such as 1000 · 0.1 from rounding up to an extra entry.
        double exact = n * topKPercent / 100.0;
        int k = (int)Math.Ceiling(exact - 1e-9 * Math.Max(1.0, exact));
        return Math.Clamp(k, 1, n);
    }

    // The radix order is stable: among equal values the lower index comes first, as documented above.
    static ReadOnlySpan<int> TopIndices(ReadOnlySpan<double> values, int k) => RadixOrder.Of(values, descending: true).AsSpan(0, k);
}
