using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>
/// The organizer's latency table (asset kind "latency-table"): milliseconds per architecture at batch 1, with where they
/// were measured. <c>{"device": "AMD EPYC 7B13 (CPU, 2 threads)", "latencyMs": {"4-8-...": 0.41, ...}}</c>; other
/// top-level fields (how it was measured) are provenance, kept as they are. The device is named on every score.
/// </summary>
public sealed record LatencyTable(string Device, IReadOnlyDictionary<string, double> LatencyMs)
{
    public static LatencyTable Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new AssetRejectedException($"The latency table is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("device", out var device) || device.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(device.GetString()))
                throw new AssetRejectedException("The latency table must name where it was measured: {\"device\": \"...\", \"latencyMs\": {\"arch\": ms}}.");
            if (!root.TryGetProperty("latencyMs", out var table) || table.ValueKind != JsonValueKind.Object)
                throw new AssetRejectedException("The latency table needs \"latencyMs\": an object of architecture -> milliseconds.");
            var latencies = new Dictionary<string, double>(StringComparer.Ordinal);
            var faults = new List<string>();
            foreach (var p in table.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || p.Value.GetDouble() is not > 0 || !double.IsFinite(p.Value.GetDouble()))
                    faults.Add($"\"{p.Name}\" is {p.Value.GetRawText()}, not a positive number of ms");
                else if (!latencies.TryAdd(p.Name, p.Value.GetDouble()))
                    faults.Add($"\"{p.Name}\" appears twice");
            }
            if (faults.Count > 0) throw new AssetRejectedException($"The latency table was rejected: {string.Join("; ", faults.Take(10))}.");
            if (latencies.Count == 0) throw new AssetRejectedException("The latency table's \"latencyMs\" is empty.");
            return new LatencyTable(device.GetString()!, latencies);
        }
    }
}
