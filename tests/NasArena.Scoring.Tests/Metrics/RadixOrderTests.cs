using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class RadixOrderTests
{
    [Fact]
    public void OrderEqualsAStableSortInBothDirections()
    {
        var random = new Random(99);
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue];
        foreach (int n in new[] { 0, 1, 2, 7, 300, 5000 })
        {
            var values = Enumerable.Range(0, n).Select(_ => random.Next(4) switch
            {
                0 => specials[random.Next(specials.Length)],
                1 => random.Next(-3, 4) * 0.5,
                2 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
                _ => random.NextDouble(),
            }).ToArray();
            // Enumerable.OrderBy is stable, and (double) comparison treats -0.0 and 0.0 as equal.
            var ascending = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
            var descending = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
            Assert.Equal(ascending, RadixOrder.Of(values));
            Assert.Equal(descending, RadixOrder.Of(values, descending: true));
        }
    }

    [Fact]
    public void AverageRanksAreAllNaNWhenAValueIsNaN() =>
        Assert.All(Ranks.Average([1, double.NaN, 3]), r => Assert.True(double.IsNaN(r)));

    [Fact]
    public void AverageRanksShareTiedPositions() =>
        Assert.Equal([1.5, 3, 1.5, 4.5, 4.5], Ranks.Average([1, 2, 1, 5, 5]));
}
