using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class TopKPrecisionTests
{
    [Theory]
    [InlineData(1000, 10, 100)]
    [InlineData(1000, 0.1, 1)]
    [InlineData(15, 10, 2)]
    [InlineData(5, 10, 1)]
    [InlineData(7, 100, 7)]
    [InlineData(3, 0.001, 1)]
    [InlineData(100000, 33.3, 33300)]
    public void TopCountRoundsUpAndKeepsAtLeastOne(int n, double percent, int expected) =>
        Assert.Equal(expected, TopKPrecision.TopCount(n, percent));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void TopCountRejectsPercentagesOutsideZeroToHundred(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TopKPrecision.TopCount(10, percent));

    [Fact]
    public void PrecisionCountsTheTrueTopThatThePredictionAlsoRanksTop()
    {
        double[] truth = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
        double[] predicted = [0.9, 0.1, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.0];
        // Top 30%: truth {0,1,2}, prediction {0,2,3}: two of three.
        Assert.Equal(2.0 / 3.0, TopKPrecision.Compute(predicted, truth, 30));
        Assert.Equal(1.0, TopKPrecision.Compute(predicted, truth, 10));
    }

    [Fact]
    public void TiesAtTheBoundaryGoToTheEarlierIndex()
    {
        double[] truth = [0.1, 0.2, 0.9, 0.3];
        // All predictions equal: the predicted top 1 is index 0, which is not the true best (index 2).
        Assert.Equal(0.0, TopKPrecision.Compute([0.5, 0.5, 0.5, 0.5], truth, 25));
        // The true ranking ties too: index 0 is the true top 1 and the predicted top 1.
        Assert.Equal(1.0, TopKPrecision.Compute([0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1], 25));
        // Ties among the later indices are broken by index as well: top 2 of [0.7, 0.7, 0.7] is {0, 1}.
        Assert.Equal(0.5, TopKPrecision.Compute([0.7, 0.7, 0.7, 0.1], [0.1, 0.9, 0.2, 0.8], 50));
    }
}
