using NasArena.Scoring.Contract;

namespace NasArena.Supernet.Spaces;

/// <summary>The built-in search spaces, by name (track setting "space").</summary>
public static class SearchSpaces
{
    static int[] Steps(int step, int max) => Enumerable.Range(1, max / step).Select(i => i * step).ToArray();

    /// <summary>CVPR 2021 NAS Track 1: ResNet-20 on CIFAR-100, 20 numbers, the 20th unused (as in public solutions).</summary>
    public static readonly SearchSpace Cvpr21ResNet20 = new(
        "cvpr21-resnet20",
        "ResNet-20 for CIFAR-100 (3x32x32, 100 classes): stem + 3 stages of 3 basic blocks; 20 channel counts, positions 1-7 from {4..16}, 8-13 from {4..32}, 14-20 from {4..64} (the 20th is unused).",
        [3, 32, 32],
        100,
        [.. Enumerable.Repeat(Steps(4, 16), 7), .. Enumerable.Repeat(Steps(4, 32), 6), .. Enumerable.Repeat(Steps(4, 64), 7)],
        [.. Enumerable.Range(0, 9).Select(k => new BlockSpec(2 * k, 2 * k + 1, 2 * k + 2, k is 3 or 6 ? 2 : 1))]);

    /// <summary>A small space for Fashion-MNIST that evaluates fast on a CPU: stem + 3 stages of 1 block.</summary>
    public static readonly SearchSpace Demo = new(
        "demo",
        "Demo for Fashion-MNIST (1x28x28, 10 classes): stem + 3 stages of 1 basic block; 7 channel counts: position 1-3 from {4, 8}, 4-5 from {8, 12, 16}, 6-7 from {16, 24, 32}.",
        [1, 28, 28],
        10,
        [[4, 8], [4, 8], [4, 8], [8, 12, 16], [8, 12, 16], [16, 24, 32], [16, 24, 32]],
        [new BlockSpec(0, 1, 2, 1), new BlockSpec(2, 3, 4, 2), new BlockSpec(4, 5, 6, 2)]);

    public static IReadOnlyList<SearchSpace> All { get; } = [Cvpr21ResNet20, Demo];

    public static SearchSpace Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
            ?? throw new ScoringConfigurationException(
                $"Unknown search space '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}.");
}
