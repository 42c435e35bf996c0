namespace NasArena.Scoring.Tests.Support;

public static class Approx
{
    /// <summary>Asserts |expected - actual| ≤ tolerance; NaN equals only NaN.</summary>
    public static void Equal(double expected, double actual, double tolerance, string what)
    {
        if (expected == actual) return;
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{what}: expected {expected:R}, got {actual:R}");
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2} > {tolerance:E0})");
    }
}
