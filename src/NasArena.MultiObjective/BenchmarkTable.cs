using System.Text.Json;
using NasArena.MultiObjective.Spaces;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>
/// The organizer's hidden benchmark table (asset kind "benchmark-table"): architectures of the space with their
/// stand-alone accuracies, in the demo benchmark's format <c>{"arch1": {"arch": "4-8-...", "acc": 0.91, ...}}</c>
/// (other fields, such as "split", are ignored). Its architectures are the candidates a front may hold; its true front
/// is the reference of the hypervolume and of IGD.
/// </summary>
public sealed class BenchmarkTable
{
    readonly Dictionary<string, int> _index;

    BenchmarkTable(IReadOnlyList<string> archs, IReadOnlyList<int[]> widths, IReadOnlyList<double> accuracies)
    {
        Architectures = archs;
        Widths = widths;
        Accuracies = accuracies;
        _index = archs.Select((a, i) => (a, i)).ToDictionary(t => t.a, t => t.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Architectures { get; }
    public IReadOnlyList<int[]> Widths { get; }
    public IReadOnlyList<double> Accuracies { get; }
    public int Count => Architectures.Count;

    public bool TryGetIndex(string arch, out int index) => _index.TryGetValue(arch, out index);

    /// <summary>Reads and checks a table against the space; throws <see cref="AssetRejectedException"/> naming every fault (the first 10).</summary>
    public static BenchmarkTable Load(string path, ResNetSpace space)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new AssetRejectedException($"The benchmark table is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new AssetRejectedException("The benchmark table must be a JSON object such as {\"arch1\": {\"arch\": \"4-8-...\", \"acc\": 0.91}}.");
            var faults = new List<string>();
            var archs = new List<string>();
            var widths = new List<int[]>();
            var accuracies = new List<double>();
            var firstId = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                var e = entry.Value;
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("arch", out var a) || a.ValueKind != JsonValueKind.String)
                {
                    faults.Add($"\"{entry.Name}\": no \"arch\" string");
                    continue;
                }
                var arch = a.GetString()!;
                if (!space.TryParse(arch, out var w, out var fault)) { faults.Add($"\"{entry.Name}\": '{arch}' {fault}"); continue; }
                if (!e.TryGetProperty("acc", out var acc) || acc.ValueKind != JsonValueKind.Number || acc.GetDouble() is not (>= 0 and <= 1))
                {
                    faults.Add($"\"{entry.Name}\": \"acc\" must be a number from 0 to 1");
                    continue;
                }
                if (firstId.TryGetValue(arch, out var first)) { faults.Add($"\"{entry.Name}\": '{arch}' is also \"{first}\""); continue; }
                firstId[arch] = entry.Name;
                archs.Add(arch);
                widths.Add(w);
                accuracies.Add(acc.GetDouble());
            }
            if (faults.Count == 0 && archs.Count < 2) faults.Add($"it holds {archs.Count} architectures; a front needs at least 2");
            if (faults.Count == 0 && accuracies.Distinct().Count() < 2) faults.Add("every architecture has the same accuracy; error cannot be normalised");
            if (faults.Count > 0)
                throw new AssetRejectedException($"The benchmark table was rejected ({faults.Count} faults): {string.Join("; ", faults.Take(10))}.");
            return new BenchmarkTable(archs, widths, accuracies);
        }
    }
}
