using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NasArena.Platform.Competitions;
using NasArena.Prediction.Kind;

namespace NasArena.Web.Demo;

/// <summary>The demo's performance-prediction track on the real Track 2 data of CVPR 2021, with a k-NN baseline.</summary>
public static class PredictionDemo
{
    public const string Track = "prediction";

    public static async Task<Guid> SeedAsync(DemoServices demo, CancellationToken ct)
    {
        await demo.TrackAsync(new TrackInput(Track, PredictionKind.Descriptor.DisplayName, PredictionKind.Descriptor.Kind, null, PredictionKind.Descriptor.Files.DefaultMaxBytes), ct);
        var phase = await demo.PhaseAsync(Track, "replay", "Replay", "kendall_tau", 10, ct);

        var (training, hidden) = DemoData.Split(DemoData.All());
        await demo.UploadAsync(phase, "training-data", "training-data", "training-data.json", "application/json", isPublic: true,
            () => Json(training.Select(a => (a.Id, a.Arch, (double?)a.Acc, (string?)null))), ct);
        await demo.UploadAsync(phase, "query-architectures", "query-architectures", "query-architectures.json", "application/json", isPublic: true,
            () => Json(hidden.Select(h => (h.Arch.Id, h.Arch.Arch, (double?)null, (string?)null))), ct);
        await demo.UploadAsync(phase, "query-set", "query-set", "query-set.json", "application/json", isPublic: false,
            () => Json(hidden.Select(h => (h.Arch.Id, h.Arch.Arch, (double?)h.Arch.Acc, (string?)(h.Private ? "private" : "public")))), ct);

        await demo.BaselineAsync(phase, "knn-baseline.csv", "text/csv", () => Baseline(training, hidden),
            "Organizers' baseline: mean accuracy of the 10 nearest training architectures (Hamming distance).", ct);
        return phase.Id;
    }

    private static byte[] Baseline(IReadOnlyList<DemoArch> training, IReadOnlyList<(DemoArch Arch, bool Private)> hidden)
    {
        var baseline = new StringBuilder("arch_id,prediction\n");
        foreach (var (arch, _) in hidden)
        {
            baseline.Append(arch.Id).Append(',').Append(DemoData.KnnBaseline(arch, training).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(baseline.ToString());
    }

    private static byte[] Json(IEnumerable<(string Id, JsonNode Arch, double? Acc, string? Split)> rows)
    {
        var obj = new JsonObject();
        foreach (var (id, arch, acc, split) in rows)
        {
            var row = new JsonObject { ["arch"] = arch.DeepClone() };
            if (acc is not null)
            {
                row["acc"] = acc;
            }
            if (split is not null)
            {
                row["split"] = split;
            }
            obj[id] = row;
        }
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }
}
