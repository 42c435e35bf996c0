using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.MultiObjective;
using NasArena.MultiObjective.Kind;
using NasArena.MultiObjective.Spaces;
using NasArena.Platform.Competitions;

namespace NasArena.Web.Demo;

/// <summary>
/// The demo's hardware-aware multi-objective track (ADR 0048): fronts of the "demo" space, error against parameters, on
/// the supernet demo's benchmark table (16 architectures trained stand-alone, data/supernet-demo/README.md). Participants
/// get the candidates with the public half's accuracies (public asset "public-table", what starter-kits/multi-objective
/// searches); the baseline is that half's own front.
/// </summary>
public static class MultiObjectiveDemo
{
    public const string Track = "fronts";
    public const string PublicTable = "public-table";

    public static async Task SeedAsync(DemoServices demo, CancellationToken ct)
    {
        var d = MultiObjectiveKind.Descriptor;
        // K = 6 of 16 candidates: a front must choose (the true front is about that size), not submit the whole table.
        var settings = JsonSerializer.SerializeToElement(new { space = "demo", cost = "params", maxArchitectures = 6 });
        await demo.TrackAsync(new TrackInput(Track, "Accuracy vs parameters", d.Kind, settings, d.Files.DefaultMaxBytes), ct);
        var phase = await demo.PhaseAsync(Track, "pareto", "Pareto front", MultiObjectiveKind.Hypervolume, 10, ct);
        var table = DemoServices.Resource("demo/supernet/benchmark.json");
        await demo.UploadAsync(phase, MultiObjectiveKind.BenchmarkTable, "benchmark-table", "benchmark.json", "application/json", false, () => table, ct);
        await demo.UploadAsync(phase, PublicTable, PublicTable, "public-table.json", "application/json", true, () => Public(table), ct);
        await demo.BaselineAsync(phase, "baseline-front.json", "application/json", () => Baseline(table),
            "Organizers' baseline: the non-dominated architectures of the public half of the table.", ct);
    }

    /// <summary>Every candidate architecture; the accuracy only of the "public" half.</summary>
    private static byte[] Public(byte[] table)
    {
        var rows = new JsonObject();
        foreach (var (id, entry) in JsonNode.Parse(table)!.AsObject())
        {
            var row = new JsonObject { ["arch"] = entry!["arch"]!.GetValue<string>() };
            if (entry["split"]?.GetValue<string>() == "public") row["acc"] = entry["acc"]!.GetValue<double>();
            rows[id] = row;
        }
        return Encoding.UTF8.GetBytes(rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static byte[] Baseline(byte[] table)
    {
        var known = JsonNode.Parse(table)!.AsObject().Where(e => e.Value!["split"]?.GetValue<string>() == "public")
            .Select(e => (Arch: e.Value!["arch"]!.GetValue<string>(), Acc: e.Value["acc"]!.GetValue<double>())).ToList();
        var points = known.Select(k => ResNetSpace.Demo.TryParse(k.Arch, out var w, out _)
            ? new Point2(1 - k.Acc, ResNetSpace.Demo.Parameters(w)) : throw new InvalidOperationException(k.Arch)).ToList();
        var dominated = Pareto.Dominated(points);
        return JsonSerializer.SerializeToUtf8Bytes(known.Where((_, i) => !dominated[i]).Take(6).Select(k => k.Arch));
    }
}
