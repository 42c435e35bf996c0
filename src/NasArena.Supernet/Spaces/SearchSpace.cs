namespace NasArena.Supernet.Spaces;

/// <summary>
/// A ResNet-like weight-sharing search space: a 3x3 stem conv, residual basic blocks, global average pooling
/// and a linear classifier. An architecture is a dash-separated string of channel counts, one per position;
/// each layer takes its width from a position (see docs/supernet.md for the slicing and shortcut rules).
/// </summary>
/// <param name="Name">Registry name, e.g. "cvpr21-resnet20".</param>
/// <param name="InputShape">Image shape (C, H, W) the network takes.</param>
/// <param name="NumClasses">Classifier outputs.</param>
/// <param name="Choices">Allowed channel counts per position (0-based index; messages say 1-based).</param>
/// <param name="Blocks">The residual blocks in order.</param>
/// <param name="StemPosition">Position holding the stem's output width.</param>
public sealed record SearchSpace(
    string Name,
    string Description,
    IReadOnlyList<int> InputShape,
    int NumClasses,
    IReadOnlyList<IReadOnlyList<int>> Choices,
    IReadOnlyList<BlockSpec> Blocks,
    int StemPosition = 0)
{
    public int Positions => Choices.Count;

    /// <summary>Position whose width the classifier reads (the last block's output).</summary>
    public int LastPosition => Blocks[^1].OutPosition;

    public int Max(int position) => Choices[position].Max();

    /// <summary>Positions no layer reads (e.g. the 20th number of the CVPR 2021 strings).</summary>
    public IEnumerable<int> UnusedPositions =>
        Enumerable.Range(0, Positions).Where(p => p != StemPosition && !Blocks.Any(b => b.MidPosition == p || b.OutPosition == p));

    /// <summary>Parses and checks an architecture string; throws <see cref="ArchitectureException"/> naming the position.</summary>
    public Architecture Parse(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != Positions)
            throw new ArchitectureException(
                $"'{text}' has {parts.Length} numbers; the {Name} space expects {Positions} channel counts separated by '-'.");
        var widths = new int[Positions];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w))
                throw new ArchitectureException($"'{text}': position {i + 1} is '{parts[i]}', not a channel count.");
            if (!Choices[i].Contains(w))
                throw new ArchitectureException(
                    $"'{text}': position {i + 1} is {w}, not one of the allowed {{{string.Join(", ", Choices[i])}}}.");
            widths[i] = w;
        }
        return new Architecture(text, widths);
    }

    /// <summary>Every tensor of the largest network, in state_dict order: what a checkpoint must hold.</summary>
    public IReadOnlyList<ExpectedTensor> LargestNetworkTensors()
    {
        var list = new List<ExpectedTensor>();
        void Conv(string prefix, int outC, int inC, int k) => list.Add(new(prefix + ".weight", [outC, inC, k, k]));
        void Bn(string prefix, int c)
        {
            list.Add(new(prefix + ".weight", [c]));
            list.Add(new(prefix + ".bias", [c]));
            list.Add(new(prefix + ".running_mean", [c]));
            list.Add(new(prefix + ".running_var", [c]));
            list.Add(new(prefix + ".num_batches_tracked", [], TensorDType.Int64, Optional: true));
        }
        Conv("stem.conv", Max(StemPosition), InputShape[0], 3);
        Bn("stem.bn", Max(StemPosition));
        for (int k = 0; k < Blocks.Count; k++)
        {
            var b = Blocks[k];
            int inC = Max(b.InPosition), mid = Max(b.MidPosition), outC = Max(b.OutPosition);
            Conv($"blocks.{k}.conv1", mid, inC, 3);
            Bn($"blocks.{k}.bn1", mid);
            Conv($"blocks.{k}.conv2", outC, mid, 3);
            Bn($"blocks.{k}.bn2", outC);
            Conv($"blocks.{k}.shortcut.conv", outC, inC, 1);
            Bn($"blocks.{k}.shortcut.bn", outC);
        }
        list.Add(new("fc.weight", [NumClasses, Max(LastPosition)]));
        list.Add(new("fc.bias", [NumClasses]));
        return list;
    }
}

/// <summary>One residual block: widths come from three positions; stride applies to conv1 and the shortcut.</summary>
public sealed record BlockSpec(int InPosition, int MidPosition, int OutPosition, int Stride);

/// <summary>A parsed, checked architecture.</summary>
public sealed record Architecture(string Text, IReadOnlyList<int> Widths);

public enum TensorDType { Float32, Int64 }

public sealed record ExpectedTensor(string Key, long[] Shape, TensorDType DType = TensorDType.Float32, bool Optional = false);

public sealed class ArchitectureException(string message) : Exception(message);
