using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Spaces;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasArena.Supernet.Evaluation;

/// <summary>
/// One architecture's weights cut out of the supernet: every conv takes its first c_out filters and first c_in input
/// channels, BN and FC are sliced alike (docs/supernet.md). Copies are contiguous so the forward passes run at full speed.
/// Create inside a dispose scope.
/// <para>
/// Channel counts that would give a convolution an input with a channel tail are padded with zeros
/// (<see cref="ChannelPadding"/>): libtorch 2.10's oneDNN 3x3 convolution reads uninitialised memory there, so a
/// subnet's outputs depended on what the heap held before: NaN or +inf losses and accuracies that changed from run to
/// run (docs/decisions/0008, 0038). Padded channels carry zero weights, zero BN shift and unit variance, so they stay
/// exactly zero through conv, BN, ReLU, the residual add and pooling, and the classifier's zero columns add exact zeros:
/// the same network, without a channel tail. Widths the kernels handle correctly keep their own size.
/// </para>
/// </summary>
internal sealed class Subnet
{
    const double BnEps = 1e-5;

    static long Padded(long channels) => ChannelPadding.Padded(channels);

    sealed record Bn(Tensor Weight, Tensor Bias, Tensor Mean, Tensor Var);
    sealed record Block(Tensor Conv1, Bn Bn1, Tensor Conv2, Bn Bn2, Tensor Shortcut, Bn ShortcutBn, long Stride);

    sealed record Folded(Tensor Weight, Tensor Bias);
    sealed record FoldedBlock(Folded Conv1, Folded Conv2, Folded Shortcut, long Stride);

    readonly Tensor stemConv;
    readonly Bn stemBn;
    readonly List<Block> blocks = [];
    readonly Tensor fcWeight, fcBias;
    Folded? foldedStem;
    List<FoldedBlock>? foldedBlocks;

    /// <param name="resetBnStatistics">True when BN statistics are recalibrated: running mean 0, variance 1, as PyTorch's reset_running_stats.</param>
    public Subnet(SearchSpace space, SupernetWeights weights, Architecture arch, bool resetBnStatistics)
    {
        var w = arch.Widths;
        // Cuts the first sizes[d] entries of each dimension d and zero-pads dimension d to padTo[d] (a fresh tensor).
        Tensor Cut(string key, long[] sizes, long[] padTo, double padValue = 0)
        {
            var t = weights[key];
            for (int d = 0; d < sizes.Length; d++) t = t.narrow(d, 0, sizes[d]);
            var pad = new long[2 * t.dim()];
            for (int d = 0; d < sizes.Length; d++) pad[2 * (t.dim() - 1 - d) + 1] = padTo[d] - sizes[d];
            return F.pad(t, pad, value: padValue).contiguous();
        }
        Tensor Conv(string key, long cout, long cin, long cinPadded) => Cut(key, [cout, cin], [Padded(cout), cinPadded]);
        Bn BatchNorm(string prefix, long c)
        {
            long p = Padded(c);
            var device = weights[prefix + ".weight"].device;
            return new(Cut(prefix + ".weight", [c], [p]), Cut(prefix + ".bias", [c], [p]),
                resetBnStatistics ? zeros(p, device: device) : Cut(prefix + ".running_mean", [c], [p]),
                resetBnStatistics ? ones(p, device: device) : Cut(prefix + ".running_var", [c], [p], padValue: 1));
        }

        long stem = w[space.StemPosition];
        // The network's input keeps its channels (1 or 3: oneDNN's small-input kernel, no tail).
        stemConv = Conv("stem.conv.weight", stem, space.InputShape[0], space.InputShape[0]);
        stemBn = BatchNorm("stem.bn", stem);
        for (int k = 0; k < space.Blocks.Count; k++)
        {
            var b = space.Blocks[k];
            long cin = w[b.InPosition], mid = w[b.MidPosition], cout = w[b.OutPosition];
            blocks.Add(new Block(
                Conv($"blocks.{k}.conv1.weight", mid, cin, Padded(cin)), BatchNorm($"blocks.{k}.bn1", mid),
                Conv($"blocks.{k}.conv2.weight", cout, mid, Padded(mid)), BatchNorm($"blocks.{k}.bn2", cout),
                Conv($"blocks.{k}.shortcut.conv.weight", cout, cin, Padded(cin)), BatchNorm($"blocks.{k}.shortcut.bn", cout),
                b.Stride));
        }
        long last = w[space.LastPosition];
        fcWeight = Cut("fc.weight", [space.NumClasses, last], [space.NumClasses, Padded(last)]);
        fcBias = Cut("fc.bias", [space.NumClasses], [space.NumClasses]);
    }

    /// <summary>
    /// The forward pass. With <paramref name="calibrationMomentum"/> set, BN uses batch statistics and folds them into
    /// the running ones with that factor (1/b for the b-th batch gives PyTorch's cumulative average, momentum=None).
    /// </summary>
    public Tensor Forward(Tensor x, double? calibrationMomentum = null)
    {
        if (foldedBlocks is not null && calibrationMomentum is null) return ForwardFolded(x);
        bool training = calibrationMomentum is not null;
        double momentum = calibrationMomentum ?? 0.0;
        Tensor Norm(Tensor t, Bn bn) => F.batch_norm(t, bn.Mean, bn.Var, bn.Weight, bn.Bias, training, momentum, BnEps);
        Tensor Conv(Tensor t, Tensor weight, long stride, long padding) =>
            F.conv2d(t, weight, null, strides: [stride, stride], padding: [padding, padding]);

        // ReLU in place on BN's fresh output: the same values, one full-resolution buffer less to allocate (and fault in) per layer.
        var h = Norm(Conv(x, stemConv, 1, 1), stemBn).relu_();
        foreach (var b in blocks)
        {
            var y = Norm(Conv(h, b.Conv1, b.Stride, 1), b.Bn1).relu_();
            y = Norm(Conv(y, b.Conv2, 1, 1), b.Bn2);
            var shortcut = Norm(Conv(h, b.Shortcut, b.Stride, 0), b.ShortcutBn);
            h = y.add_(shortcut).relu_();
        }
        var pooled = h.mean([2, 3]);
        return F.linear(pooled, fcWeight, fcBias);
    }

    /// <summary>
    /// Folds each BN (with its final running statistics) into the conv before it, for inference:
    /// w' = w * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps). Mathematically the same network,
    /// one pass over the activations less per layer (a plain PyTorch eager loop does not do this). Call after calibration.
    /// </summary>
    public void FoldBatchNorm()
    {
        static Folded Fold(Tensor weight, Bn bn)
        {
            var scale = bn.Weight / (bn.Var + BnEps).sqrt();
            return new Folded((weight * scale.view(-1, 1, 1, 1)).contiguous(), bn.Bias - bn.Mean * scale);
        }
        foldedStem = Fold(stemConv, stemBn);
        foldedBlocks = blocks.Select(b => new FoldedBlock(Fold(b.Conv1, b.Bn1), Fold(b.Conv2, b.Bn2), Fold(b.Shortcut, b.ShortcutBn), b.Stride)).ToList();
    }

    Tensor ForwardFolded(Tensor x)
    {
        static Tensor Conv(Tensor t, Folded f, long stride, long padding) =>
            F.conv2d(t, f.Weight, f.Bias, strides: [stride, stride], padding: [padding, padding]);
        var h = Conv(x, foldedStem!, 1, 1).relu_();
        foreach (var b in foldedBlocks!)
        {
            var y = Conv(h, b.Conv1, b.Stride, 1).relu_();
            y = Conv(y, b.Conv2, 1, 1);
            h = y.add_(Conv(h, b.Shortcut, b.Stride, 0)).relu_();
        }
        return F.linear(h.mean([2, 3]), fcWeight, fcBias);
    }
}
