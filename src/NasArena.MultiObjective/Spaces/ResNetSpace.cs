using System.Globalization;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective.Spaces;

/// <summary>
/// A ResNet-like space as docs/supernet.md defines it (stem 3x3 conv + BN, residual basic blocks with a 1x1 conv + BN
/// projection shortcut in every block, global average pooling, linear classifier; convs without bias, padding k/2),
/// described again here without TorchSharp so that the web process and the scorer can count costs. A test holds it equal
/// to NasArena.Supernet's SearchSpaces. An architecture is the dash-separated channel counts, one per position.
/// </summary>
/// <param name="Blocks">(in, mid, out position, stride) per block; the stride applies to conv1 and the shortcut.</param>
public sealed record ResNetSpace(string Name, int InChannels, int Height, int Width, int Classes,
    IReadOnlyList<IReadOnlyList<int>> Choices, IReadOnlyList<(int In, int Mid, int Out, int Stride)> Blocks)
{
    static int[] Steps(int step, int max) => Enumerable.Range(1, max / step).Select(i => i * step).ToArray();

    public static readonly ResNetSpace Demo = new("demo", 1, 28, 28, 10,
        [[4, 8], [4, 8], [4, 8], [8, 12, 16], [8, 12, 16], [16, 24, 32], [16, 24, 32]],
        [(0, 1, 2, 1), (2, 3, 4, 2), (4, 5, 6, 2)]);

    public static readonly ResNetSpace Cvpr21ResNet20 = new("cvpr21-resnet20", 3, 32, 32, 100,
        [.. Enumerable.Repeat(Steps(4, 16), 7), .. Enumerable.Repeat(Steps(4, 32), 6), .. Enumerable.Repeat(Steps(4, 64), 7)],
        [.. Enumerable.Range(0, 9).Select(k => (2 * k, 2 * k + 1, 2 * k + 2, k is 3 or 6 ? 2 : 1))]);

    public static IReadOnlyList<ResNetSpace> All { get; } = [Demo, Cvpr21ResNet20];

    public static ResNetSpace Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ScoringConfigurationException($"Unknown search space '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>The widths of an architecture string, or the reason it is not one of this space (1-based positions).</summary>
    public bool TryParse(string text, out int[] widths, out string fault)
    {
        widths = [];
        var parts = text.Split('-');
        if (parts.Length != Choices.Count)
        {
            fault = $"has {parts.Length} numbers; the {Name} space expects {Choices.Count} channel counts separated by '-'";
            return false;
        }
        var w = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out w[i]) || !Choices[i].Contains(w[i]))
            {
                fault = $"position {i + 1} is '{parts[i]}', not one of the allowed {{{string.Join(", ", Choices[i])}}}";
                return false;
            }
        }
        widths = w;
        fault = "";
        return true;
    }

    /// <summary>Trainable parameters: conv weights, BN weight and bias (running statistics are buffers), classifier weight and bias.</summary>
    public long Parameters(IReadOnlyList<int> w)
    {
        long p = 9L * InChannels * w[0] + 2L * w[0];
        foreach (var (i, m, o, _) in Blocks)
            p += 9L * w[i] * w[m] + 2L * w[m] + 9L * w[m] * w[o] + 2L * w[o] + (long)w[i] * w[o] + 2L * w[o];
        return p + (long)Classes * w[Blocks[^1].Out] + Classes;
    }

    /// <summary>
    /// FLOPs of one image as torch.utils.flop_counter counts them: 2 per multiply-accumulate of every convolution and of
    /// the classifier; batch norm, ReLU, the residual sums and pooling are not counted.
    /// </summary>
    public long Flops(IReadOnlyList<int> w)
    {
        long h = Height, wd = Width;
        long macs = 9L * InChannels * w[0] * h * wd;
        foreach (var (i, m, o, s) in Blocks)
        {
            // padding k/2: a 3x3 and a 1x1 conv of the same stride give the same output size.
            long ho = (h - 1) / s + 1, wo = (wd - 1) / s + 1;
            macs += 9L * w[i] * w[m] * ho * wo + 9L * w[m] * w[o] * ho * wo + (long)w[i] * w[o] * ho * wo;
            (h, wd) = (ho, wo);
        }
        macs += (long)Classes * w[Blocks[^1].Out];
        return 2 * macs;
    }
}
