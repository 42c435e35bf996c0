using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Spaces;

namespace NasArena.Supernet.Scorer;

/// <summary>
/// Score-file mode, as CVPR 2021 ran it: the participant evaluates their own supernet and uploads
/// {"archN": {"arch": "...", "acc": score}}. Every benchmark architecture must appear exactly once, under its id and
/// with its architecture string; entries for other architectures of the published list are allowed and ignored.
/// </summary>
public static class ScoreFile
{
    /// <summary>The score of every benchmark entry, in benchmark order. Throws <see cref="SubmissionRejectedException"/>.</summary>
    public static IReadOnlyList<double> Read(string path, long maxBytes, SearchSpace space, BenchmarkSet benchmark)
    {
        long length = new FileInfo(path).Length;
        if (length > maxBytes) throw Bad($"the file is {length} bytes; this track accepts at most {maxBytes}");
        var scores = new Dictionary<string, (string Arch, double Score)>();
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { MaxDepth = 8 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("expected a JSON object {\"archN\": {\"arch\": \"...\", \"acc\": score}}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (scores.ContainsKey(p.Name)) throw Bad($"'{p.Name}' occurs twice");
                var v = p.Value;
                if (v.ValueKind != JsonValueKind.Object) throw Bad($"entry '{p.Name}' is not an object");
                if (!v.TryGetProperty("arch", out var a) || a.ValueKind != JsonValueKind.String) throw Bad($"entry '{p.Name}' has no \"arch\" string");
                if (!v.TryGetProperty("acc", out var s) || s.ValueKind != JsonValueKind.Number) throw Bad($"entry '{p.Name}' has no \"acc\" number");
                var score = s.GetDouble();
                if (!double.IsFinite(score)) throw Bad($"entry '{p.Name}' has a non-finite score");
                try { space.Parse(a.GetString()!); }
                catch (ArchitectureException e) { throw Bad($"entry '{p.Name}': {e.Message}"); }
                scores[p.Name] = (a.GetString()!, score);
            }
        }
        catch (JsonException e) { throw Bad($"not valid JSON ({e.Message})"); }

        var result = new List<double>(benchmark.Entries.Count);
        var missing = benchmark.Entries.Where(e => !scores.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        if (missing.Count > 0)
            throw Bad($"{missing.Count} architectures of the list have no score, first '{missing[0]}'; every architecture must be scored exactly once");
        foreach (var e in benchmark.Entries)
        {
            var (arch, score) = scores[e.Id];
            if (arch != e.Architecture.Text) throw Bad($"entry '{e.Id}' gives architecture {arch}, but '{e.Id}' of the list is {e.Architecture.Text}");
            result.Add(score);
        }
        return result;
    }

    static SubmissionRejectedException Bad(string what) => new($"Score file: {what}.");
}
