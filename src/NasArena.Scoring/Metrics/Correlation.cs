namespace NasArena.Scoring.Metrics;

/// <summary>Pearson's r and Spearman's rho as scipy.stats computes them (scipy 1.10).</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r, as <c>scipy.stats.pearsonr</c>: centred values scaled by their norms, clamped to [-1, 1].
    /// NaN for a constant input or a NaN in either input, and for fewer than two values (where scipy raises).
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Numeric.RequireSameLength(x, y, "Pearson's r");
        int n = x.Length;
        if (n < 2 || Numeric.ContainsNaN(x) || Numeric.ContainsNaN(y) || IsConstant(x) || IsConstant(y)) return double.NaN;

        double xMean = Numeric.Mean(x), yMean = Numeric.Mean(y);
        // Scale by the largest centred value before squaring, as scipy.linalg.norm does, so that huge
        // values cannot overflow and tiny ones cannot underflow.
        double xMax = 0, yMax = 0;
        for (int i = 0; i < n; i++)
        {
            xMax = Math.Max(xMax, Math.Abs(x[i] - xMean));
            yMax = Math.Max(yMax, Math.Abs(y[i] - yMean));
        }
        if (xMax == 0 || yMax == 0 || double.IsInfinity(xMax) || double.IsInfinity(yMax)) return double.NaN;

        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double a = (x[i] - xMean) / xMax, b = (y[i] - yMean) / yMax;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
        }
        double r = sxy / (Math.Sqrt(sxx) * Math.Sqrt(syy));
        return Math.Min(1.0, Math.Max(-1.0, r));
    }

    /// <summary>
    /// Spearman's rho, as <c>scipy.stats.spearmanr</c>: Pearson's r of the average ranks.
    /// NaN where scipy gives NaN (constant input, a NaN in either input) and for fewer than two values.
    /// </summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Numeric.RequireSameLength(x, y, "Spearman's rho");
        if (x.Length < 2 || Numeric.ContainsNaN(x) || Numeric.ContainsNaN(y)) return double.NaN;
        return Pearson(Ranks.Average(x), Ranks.Average(y));
    }

    static bool IsConstant(ReadOnlySpan<double> values)
    {
        double first = values[0];
        foreach (double v in values)
            if (v != first) return false;
        return true;
    }
}
