using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Spaces;

namespace NasArena.Supernet.Scorer;

/// <summary>One architecture of the hidden benchmark with its stand-alone accuracy.</summary>
public sealed record BenchmarkEntry(string Id, Architecture Architecture, double Accuracy, bool IsPublic);

/// <summary>
/// The hidden benchmark (asset kind "benchmark"): {"archN": {"arch": "...", "acc": stand-alone accuracy, "split": "public"|"private"}}.
/// Order is the file's order: units of the sharded evaluation are indices into it.
/// </summary>
public sealed record BenchmarkSet(IReadOnlyList<BenchmarkEntry> Entries)
{
    public static BenchmarkSet Load(string path, SearchSpace space)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new AssetRejectedException($"Benchmark: not valid JSON ({e.Message})."); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new AssetRejectedException("Benchmark: expected a JSON object {\"archN\": {\"arch\": ..., \"acc\": ..., \"split\": \"public\"|\"private\"}}.");

        var entries = new List<BenchmarkEntry>();
        var ids = new HashSet<string>();
        var archs = new Dictionary<string, string>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            // The space's own messages end in a full stop already: one, not two.
            AssetRejectedException Bad(string what) => new($"Benchmark entry '{p.Name}': {what.TrimEnd('.')}.");
            if (!ids.Add(p.Name)) throw new AssetRejectedException($"Benchmark: id '{p.Name}' occurs twice.");
            var v = p.Value;
            if (v.ValueKind != JsonValueKind.Object) throw Bad("not an object");
            if (!v.TryGetProperty("arch", out var a) || a.ValueKind != JsonValueKind.String) throw Bad("no \"arch\" string");
            if (!v.TryGetProperty("acc", out var acc) || acc.ValueKind != JsonValueKind.Number || !double.IsFinite(acc.GetDouble())) throw Bad("no finite \"acc\" number");
            if (!v.TryGetProperty("split", out var s) || s.GetString() is not ("public" or "private")) throw Bad("\"split\" must be \"public\" or \"private\"");
            Architecture arch;
            try { arch = space.Parse(a.GetString()!); }
            catch (ArchitectureException e) { throw Bad(e.Message); }
            if (archs.TryGetValue(arch.Text, out var first)) throw Bad($"architecture {arch.Text} duplicates entry '{first}'");
            archs[arch.Text] = p.Name;
            entries.Add(new BenchmarkEntry(p.Name, arch, acc.GetDouble(), s.GetString() == "public"));
        }
        if (!entries.Any(e => e.IsPublic)) throw new AssetRejectedException("Benchmark: the public split is empty.");
        if (!entries.Any(e => !e.IsPublic)) throw new AssetRejectedException("Benchmark: the private split is empty.");
        // Rank correlations need at least two architectures per split.
        foreach (var (name, n) in new[] { ("public", entries.Count(e => e.IsPublic)), ("private", entries.Count(e => !e.IsPublic)) })
            if (n < 2) throw new AssetRejectedException($"Benchmark: the {name} split holds {n} architecture; at least 2 are needed for a rank correlation.");
        return new BenchmarkSet(entries);
    }
}
