namespace NasArena.Scoring.Metrics;

/// <summary>In how many of the paired resamples A's replicate beats B's, B's beats A's, and neither.</summary>
public readonly record struct PairedShare(int AWins, int BWins, int Equal)
{
    public int Resamples => AWins + BWins + Equal;
    public double AShare => Resamples == 0 ? 0 : (double)AWins / Resamples;
}

/// <summary>
/// Comparisons of entries from their bootstrap replicates over the same resamples (<see cref="Bootstrap"/> with one seed
/// per phase and board). A NaN replicate loses to any number and equals another NaN, as a missing score ranks last.
/// </summary>
public static class PairedComparison
{
    public static PairedShare Compare(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool higherIsBetter)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Paired replicates must be as many on both sides; got {a.Length} and {b.Length}.");
        int aWins = 0, bWins = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int c = Better(a[i], b[i], higherIsBetter);
            if (c > 0) aWins++;
            else if (c < 0) bWins++;
        }
        return new PairedShare(aWins, bWins, a.Length - aWins - bWins);
    }

    static int Better(double a, double b, bool higherIsBetter)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) == double.IsNaN(b) ? 0 : double.IsNaN(a) ? -1 : 1;
        if (a == b) return 0;
        return (a > b) == higherIsBetter ? 1 : -1;
    }

    /// <summary>
    /// Groups of entries that cannot be told apart, for entries in rank order (best first): the first entry heads group 1;
    /// each next entry joins the current group unless the group's head beats it in at least <paramref name="level"/> of the
    /// resamples, in which case it heads a new group. So group 1 holds the entries statistically tied with rank 1.
    /// Entries without replicates (null) get no group and do not break a group. O(entries · resamples).
    /// </summary>
    public static int?[] Groups(IReadOnlyList<double[]?> replicatesInRankOrder, bool higherIsBetter, double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        var groups = new int?[replicatesInRankOrder.Count];
        double[]? head = null;
        int group = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            var r = replicatesInRankOrder[i];
            if (r is null) continue;
            if (head is null || head.Length != r.Length || Compare(head, r, higherIsBetter).AShare >= level)
            {
                head = r;
                group++;
            }
            groups[i] = group;
        }
        return groups;
    }
}
