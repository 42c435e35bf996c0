using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasArena.Supernet.Evaluation;

/// <summary>
/// Finds the convolution shapes for which libtorch's float32 CPU convolution reads memory it did not write
/// (docs/decisions/0008, 0038): the native heap is first filled with freed NaN buffers, so a kernel that reads such memory
/// returns NaN, or at least a value outside the float32 error bound around the result of the same convolution on an
/// input without a channel tail. Used by the tests (the widths the evaluator leaves unpadded are clean on the machine
/// running them) and by the benchmark's --probe mode (which widths are not, on the machine at hand).
/// </summary>
internal static class ChannelTailProbe
{
    public sealed record Case(long InChannels, long OutChannels, long Kernel, long Stride, bool Bias, long Batch = 8);

    /// <summary>True when the float32 convolution of this shape reads uninitialised memory (its result is NaN or outside the bound).</summary>
    public static bool ReadsGarbage(Case c, int seed = 0)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)(seed + 1));
        var x = randn([c.Batch, c.InChannels, 16, 16], generator: generator);
        var w = randn([c.OutChannels, c.InChannels, c.Kernel, c.Kernel], generator: generator);
        var b = c.Bias ? randn([c.OutChannels], generator: generator) : null;
        FillFreedMemoryWithNaN(x.numel() * 4);
        var y = F.conv2d(x, w, b, strides: [c.Stride, c.Stride], padding: [c.Kernel / 2, c.Kernel / 2]);
        return Differs(x, w, b, c.Stride, c.Kernel / 2, y);
    }

    /// <summary>
    /// True when <paramref name="y"/> is not a correct float32 result of conv2d(x, w, b). The reference is the same
    /// convolution with the input's channels zero-padded to a multiple of 16 (no channel tail, the case docs/decisions/0008
    /// found correct everywhere): the same sums plus exact zeros, in another blocking order. A float32 sum of n terms errs
    /// by at most n u S in any order (S = the sum of the terms' absolute values, u = 2^-24; n = fan-in + 1 for the bias),
    /// so two correct results differ by at most 2 n u S; 2.5 n u S leaves room for the rounding of S itself. Garbage (NaN,
    /// or whatever the heap held) lands outside.
    /// </summary>
    public static bool Differs(Tensor x, Tensor w, Tensor? b, long stride, long padding, Tensor y)
    {
        using var scope = NewDisposeScope();
        if (!y.isfinite().all().item<bool>()) return true;
        long cin = x.shape[1], tail = (16 - cin % 16) % 16;
        long[] strides = [stride, stride], paddings = [padding, padding];
        var reference = F.conv2d(F.pad(x, [0, 0, 0, 0, 0, tail]), F.pad(w, [0, 0, 0, 0, 0, tail]), b, strides: strides, padding: paddings);
        var magnitude = F.conv2d(x.abs(), w.abs(), b?.abs(), strides: strides, padding: paddings);
        double n = cin * w.shape[2] * w.shape[3] + 1;
        return (y - reference).abs().gt(magnitude * (2.5 * n * Math.Pow(2, -24)) + 1e-30).any().item<bool>();
    }

    /// <summary>
    /// Allocates and frees buffers of many sizes filled with NaN, so that freed memory the allocator hands out next holds
    /// NaN. Sizes up to <paramref name="largestFloats"/>: glibc serves large blocks with mmap (zeroed pages, where garbage
    /// reads as 0 and hides), but raises that threshold to the size of a freed mmapped block, so each large size is
    /// allocated twice: the second one comes from the heap and leaves NaN there.
    /// </summary>
    public static void FillFreedMemoryWithNaN(long largestFloats = 30000)
    {
        var sizes = Enumerable.Range(1, 400).Select(i => (long)(i * 97 % 30000 + 16))
            .Concat(Enumerable.Range(1, 8).Select(i => Math.Max(16, largestFloats * i / 8))).ToList();
        foreach (var size in sizes.Where(s => s > 30000)) full(size, float.NaN).Dispose();
        var buffers = sizes.Select(size => full(size, float.NaN)).ToList();
        foreach (var buffer in buffers) buffer.Dispose();
    }
}
