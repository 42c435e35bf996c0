using NasArena.Scoring.Metrics;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class KendallTauTests
{
    /// <summary>Tau-b by its O(n²) definition: an independent check of the merge-sort counting.</summary>
    static double BruteForceTauB(double[] x, double[] y)
    {
        long concordant = 0, discordant = 0, xOnly = 0, yOnly = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0 && sy == 0) continue;
                if (sx == 0) xOnly++;
                else if (sy == 0) yOnly++;
                else if (sx == sy) concordant++;
                else discordant++;
            }
        return (concordant - discordant) / Math.Sqrt((double)(concordant + discordant + xOnly) * (concordant + discordant + yOnly));
    }

    [Fact]
    public void TauBEqualsTheQuadraticDefinitionOnRandomTiedData()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(2, 300), levels = random.Next(2, 40);
            var x = Enumerable.Range(0, n).Select(_ => (double)random.Next(levels)).ToArray();
            var y = x.Select(v => random.NextDouble() < 0.5 ? v : random.Next(levels)).ToArray();
            Approx.Equal(BruteForceTauB(x, y), KendallTau.TauB(x, y), 1e-12, $"trial {trial} n={n}");
        }
    }

    [Fact]
    public void TauBIsOneForAgreementAndMinusOneForReversal()
    {
        double[] x = [0.1, 0.5, 0.3, 0.9, 0.7];
        // 10 / sqrt(10) / sqrt(10) is one ulp below 1 in doubles, in scipy too.
        Approx.Equal(1.0, KendallTau.TauB(x, x), 1e-15, "agreement");
        Approx.Equal(-1.0, KendallTau.TauB(x, x.Select(v => -v).ToArray()), 1e-15, "reversal");
    }

    [Fact]
    public void TauBIsNaNForTooFewValuesConstantInputOrNaN()
    {
        Assert.True(double.IsNaN(KendallTau.TauB([], [])));
        Assert.True(double.IsNaN(KendallTau.TauB([1], [2])));
        Assert.True(double.IsNaN(KendallTau.TauB([1, 2, 3], [4, 4, 4])));
        Assert.True(double.IsNaN(KendallTau.TauB([3, 3], [3, 3])));
        Assert.True(double.IsNaN(KendallTau.TauB([1, double.NaN, 3], [1, 2, 3])));
    }

    [Fact]
    public void TauBRejectsSamplesOfDifferentLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2, 3], [1, 2]));
        Assert.Contains("3 and 2", e.Message);
    }
}
