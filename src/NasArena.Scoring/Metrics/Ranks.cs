namespace NasArena.Scoring.Metrics;

/// <summary>Ranks as <c>scipy.stats.rankdata(method='average')</c> gives them: 1-based, ties get the mean of their ranks.</summary>
public static class Ranks
{
    public static double[] Average(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var keys = values.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(keys, order);

        var ranks = new double[n];
        int runStart = 0;
        for (int i = 1; i <= n; i++)
        {
            if (i == n || keys[i] != keys[i - 1])
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
