namespace NasArena.Supernet.Evaluation;

/// <summary>
/// Which channel counts a subnet pads, and to what (docs/decisions/0008, 0038). libtorch 2.10's oneDNN float32
/// convolution reads uninitialised memory when its input has a channel tail: measured with <see cref="ChannelTailProbe"/>,
/// input widths above 16 that are not a multiple of 16 on AVX-512, above 8 and not a multiple of 8 under AVX2; never
/// 1x1 kernels... (see the ADR for the table), never widths up to 8, never multiples of 16. A width is padded with zeros
/// to the next multiple of 16 exactly when it is above 8 and not a multiple of 16: that covers both instruction sets
/// with one rule (so a subnet is the same network on every x86 worker) and leaves the narrow layers (4 and 8 channels,
/// the widest activations at full resolution) at their own width, where padding them to 16 made 2-4 times the work.
/// </summary>
internal static class ChannelPadding
{
    /// <summary>AVX-512's float32 block (16), a multiple of AVX2's (8).</summary>
    public const long Block = 16;

    /// <summary>Widths up to this are never padded: no kernel of either instruction set reads a tail there.</summary>
    public const long LargestSafeNarrowWidth = 8;

    public static long Padded(long channels) =>
        channels <= LargestSafeNarrowWidth || channels % Block == 0 ? channels : (channels + Block - 1) / Block * Block;
}
