namespace NasArena.Scoring.Metrics;

/// <summary>Small numeric helpers shared by the metrics.</summary>
static class Numeric
{
    public static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (double.IsNaN(v)) return true;
        return false;
    }

    /// <summary>Mean by compensated (Neumaier) summation, so it agrees with numpy's pairwise mean to a few ulps.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0, compensation = 0;
        foreach (double v in values)
        {
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return (sum + compensation) / values.Length;
    }

    public static void RequireSameLength(ReadOnlySpan<double> a, ReadOnlySpan<double> b, string metric)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"{metric} needs two samples of equal length; got {a.Length} and {b.Length}.");
    }
}
