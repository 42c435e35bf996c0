using NasArena.Supernet.Evaluation;
using NasArena.Supernet.Spaces;

namespace NasArena.Supernet.Tests;

/// <summary>
/// The evaluator pads only the channel counts that would give a convolution an input with a channel tail
/// (docs/decisions/0038): the rule covers every width found faulty (docs/decisions/0008: above 16 and not a multiple of
/// 16 under AVX-512, above 8 and not a multiple of 8 under AVX2), and every width it leaves unpadded is probed on the
/// machine running the suite, with freed memory filled with NaN, for a convolution that reads memory it did not write.
/// </summary>
[Trait("Category", "Unit")]
public class ChannelPaddingTests
{
    [Fact]
    public void EveryWidthFoundFaultyOnAvx512OrAvx2IsPaddedToAWidthWithoutATailOnEither()
    {
        for (long c = 1; c <= 256; c++)
        {
            long p = ChannelPadding.Padded(c);
            Assert.True(p >= c && p - c < 16, $"{c} -> {p}");
            if (c > 16 && c % 16 != 0) Assert.True(p % 16 == 0, $"{c} has an AVX-512 tail; padded to {p}");
            if (c > 8 && c % 8 != 0) Assert.True(p % 8 == 0 && (p <= 8 || p % 16 == 0), $"{c} has an AVX2 tail; padded to {p}");
        }
    }

    [Fact]
    public void NarrowWidthsAndMultiplesOf16KeepTheirOwnSize()
    {
        // The cost the padding of every width had (4 and 8 channels run as 16 at full resolution) is gone.
        foreach (long c in new long[] { 1, 3, 4, 8, 16, 32, 48, 64 }) Assert.Equal(c, ChannelPadding.Padded(c));
        Assert.Equal(16, ChannelPadding.Padded(12));
        Assert.Equal(32, ChannelPadding.Padded(24));
        Assert.Equal(48, ChannelPadding.Padded(36));
    }

    public static TheoryData<long> UnpaddedInputWidths()
    {
        var data = new TheoryData<long>();
        foreach (var w in SearchSpaces.All.SelectMany(s => s.Choices.SelectMany(c => c)).Select(c => (long)c)
                     .Concat(SearchSpaces.All.Select(s => (long)s.InputShape[0])).Distinct().Order())
            if (ChannelPadding.Padded(w) == w) data.Add(w);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnpaddedInputWidths))]
    public void ConvolutionsReadingAWidthTheEvaluatorLeavesUnpaddedReadOnlyMemoryTheyWrote(long inChannels)
    {
        TorchRuntime.Configure(2);
        var faulty = new List<ChannelTailProbe.Case>();
        foreach (var kernel in new long[] { 3, 1 })
            foreach (var stride in new long[] { 1, 2 })
                foreach (var outChannels in new long[] { 8, 12, 24, 64 })
                    foreach (var bias in new[] { false, true })
                    {
                        var c = new ChannelTailProbe.Case(inChannels, outChannels, kernel, stride, bias, Batch: 16);
                        if (ChannelTailProbe.ReadsGarbage(c)) faulty.Add(c);
                    }
        Assert.True(faulty.Count == 0, $"convolutions reading uninitialised memory at input width {inChannels}: {string.Join("; ", faulty)}");
    }

    [Fact]
    public void TheProbeSeesAConvolutionThatReadsMemoryItDidNotWrite()
    {
        // The probe's teeth, on any machine (this Zen 4 one shows no faulty width at all): a result with one element
        // read from NaN memory is caught, and so is one off by a finite amount far below the values themselves.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = TorchSharp.torch.randn(4, 24, 8, 8);
        var w = TorchSharp.torch.randn(8, 24, 3, 3);
        var y = TorchSharp.torch.nn.functional.conv2d(x, w, padding: [1, 1]);
        var nan = y.clone();
        nan[0, 0, 0, 0] = TorchSharp.torch.tensor(float.NaN);
        Assert.True(ChannelTailProbe.Differs(x, w, null, 1, 1, nan));
        var off = y.clone();
        off[3, 7, 4, 4] = off[3, 7, 4, 4] + 0.05f;
        Assert.True(ChannelTailProbe.Differs(x, w, null, 1, 1, off));
        Assert.False(ChannelTailProbe.Differs(x, w, null, 1, 1, y));
    }
}
