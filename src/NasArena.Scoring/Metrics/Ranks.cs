namespace NasArena.Scoring.Metrics;

/// <summary>Ranks as <c>scipy.stats.rankdata(method='average')</c> gives them: 1-based, ties get the mean of their ranks.</summary>
public static class Ranks
{
    /// <summary>Average ranks; all NaN when a value is NaN (scipy's default nan_policy='propagate').</summary>
    public static double[] Average(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var ranks = new double[n];
        if (Numeric.ContainsNaN(values))
        {
            Array.Fill(ranks, double.NaN);
            return ranks;
        }
        var order = RadixOrder.Of(values);
        int runStart = 0;
        for (int i = 1; i <= n; i++)
        {
            if (i == n || values[order[i]] != values[order[i - 1]])
            {
                // Positions runStart..i-1 hold ranks runStart+1..i; each gets their mean.
                double rank = (runStart + 1 + i) / 2.0;
                for (int j = runStart; j < i; j++) ranks[order[j]] = rank;
                runStart = i;
            }
        }
        return ranks;
    }
}
