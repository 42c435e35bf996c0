using NasArena.Scoring.Metrics;

namespace NasArena.Scoring.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class PairedComparisonTests
{
    [Fact]
    public void SharesCountWinsLossesAndEqualsWithNaNLosing()
    {
        var share = PairedComparison.Compare([0.5, 0.4, 0.3, double.NaN, double.NaN], [0.4, 0.4, 0.6, 0.1, double.NaN], higherIsBetter: true);
        Assert.Equal(new PairedShare(1, 2, 2), share);
        Assert.Equal(0.2, share.AShare);
        Assert.Equal(new PairedShare(1, 2, 2), PairedComparison.Compare([0.1, 0.4, 0.9, double.NaN, double.NaN], [0.4, 0.4, 0.6, 0.1, double.NaN], higherIsBetter: false));
    }

    [Fact]
    public void AnEntryJoinsTheLeadersGroupUnlessTheLeaderBeatsItInTheLevelsShareOfResamples()
    {
        // The leader beats b in 90 of 100 resamples (tied at 0.95), c in all of them; d cannot be told from c.
        double[] leader = Enumerable.Repeat(0.8, 100).ToArray();
        double[] b = Enumerable.Range(0, 100).Select(i => i < 90 ? 0.7 : 0.9).ToArray();
        double[] c = Enumerable.Repeat(0.5, 100).ToArray();
        double[] d = Enumerable.Range(0, 100).Select(i => i < 50 ? 0.4 : 0.6).ToArray();
        Assert.Equal([1, 1, 2, null, 2], PairedComparison.Groups([leader, b, c, null, d], higherIsBetter: true, level: 0.95));
        Assert.Equal([1, 2, 3, null, 3], PairedComparison.Groups([leader, b, c, null, d], higherIsBetter: true, level: 0.9));
    }
}
