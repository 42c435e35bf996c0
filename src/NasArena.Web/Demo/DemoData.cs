using System.Text.Json.Nodes;

namespace NasArena.Web.Demo;

/// <summary>
/// The 231 real architectures of CVPR 2021 Track 2 (200 of stage 1 as arch1..arch200, 31 of stage 2 as arch201..arch231),
/// split into downloadable training data and a hidden query set (public/private) for the demo competition.
/// </summary>
public sealed record DemoArch(string Id, int[] Encoding, JsonNode Arch, double Acc);

public static class DemoData
{
    public static IReadOnlyList<DemoArch> All()
    {
        var result = new List<DemoArch>();
        foreach (var file in new[] { "Track2_stage1_trainning.json", "Track2_stage2_few_show_trainning.json" })
        {
            using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("demo/" + file)
                ?? throw new InvalidOperationException($"The demo data '{file}' is not embedded.");
            foreach (var (_, value) in JsonNode.Parse(stream)!.AsObject())
            {
                var arch = value!["arch"]!;
                var encoding = arch.AsArray().SelectMany(block => block!.AsArray().Select(v => v!.GetValue<int>())).ToArray();
                result.Add(new DemoArch($"arch{result.Count + 1}", encoding, arch.DeepClone(), value["acc"]!.GetValue<double>()));
            }
        }
        return result;
    }

    /// <summary>Every other architecture is training data; of the rest, every other one is on the private split.</summary>
    public static (IReadOnlyList<DemoArch> Training, IReadOnlyList<(DemoArch Arch, bool Private)> Hidden) Split(IReadOnlyList<DemoArch> all)
    {
        var training = all.Where((_, i) => i % 2 == 0).ToList();
        var hidden = all.Where((_, i) => i % 2 == 1).Select((a, i) => (a, i % 2 == 1)).ToList();
        return (training, hidden);
    }

    /// <summary>
    /// The organizer's baseline: the mean accuracy of the 10 training architectures nearest in Hamming distance.
    /// Simple on purpose: the demo shows a participant beating it.
    /// </summary>
    public static double KnnBaseline(DemoArch query, IReadOnlyList<DemoArch> training, int k = 10) =>
        training.OrderBy(t => Hamming(t.Encoding, query.Encoding)).ThenBy(t => t.Id, StringComparer.Ordinal).Take(k).Average(t => t.Acc);

    private static int Hamming(int[] a, int[] b)
    {
        var d = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            d += a[i] == b[i] ? 0 : 1;
        }
        return d + Math.Abs(a.Length - b.Length);
    }
}
