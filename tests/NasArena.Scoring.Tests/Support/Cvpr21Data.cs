using System.Text.Json;

namespace NasArena.Scoring.Tests.Support;

/// <summary>The real CVPR 2021 files in data/cvpr21 and deterministic "predictions" derived from them.</summary>
public static class Cvpr21Data
{
    public static readonly string[] AccuracyFiles =
    [
        "cvpr21-track2/Track2_stage1_trainning.json",
        "cvpr21-track2/Track2_stage2_few_show_trainning.json",
        "cvpr21-track1/gt_first_1000.json",
    ];

    public static string PathOf(string relative) => Repo.PathTo("data", "cvpr21", relative);

    /// <summary>The "acc" of every entry, in file order.</summary>
    public static double[] Accuracies(string relative)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PathOf(relative)));
        return doc.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("acc").GetDouble()).ToArray();
    }

    /// <summary>A noisy, rounded copy of the accuracies: a plausible predictor with ties and rank swaps.</summary>
    public static double[] Perturb(double[] acc, double noise = 0.004, int digits = 3) =>
        acc.Select((a, i) => Math.Round(a + noise * Math.Sin(i * 1.7 + 0.3), digits)).ToArray();
}
