namespace NasArena.Scoring.Metrics;

/// <summary>Absolute-error metrics (lower is better). NaN for empty input or a NaN in either input.</summary>
public static class Errors
{
    /// <summary>Root mean squared error, sqrt(mean((p - t)²)).</summary>
    public static double Rmse(ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth)
    {
        Numeric.RequireSameLength(predicted, truth, "RMSE");
        if (predicted.Length == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] - truth[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / predicted.Length);
    }

    /// <summary>Mean absolute error, mean(|p - t|).</summary>
    public static double Mae(ReadOnlySpan<double> predicted, ReadOnlySpan<double> truth)
    {
        Numeric.RequireSameLength(predicted, truth, "MAE");
        if (predicted.Length == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++) sum += Math.Abs(predicted[i] - truth[i]);
        return sum / predicted.Length;
    }
}
