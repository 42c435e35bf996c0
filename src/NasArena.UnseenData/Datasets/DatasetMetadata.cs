using System.Text.Json;
using System.Text.RegularExpressions;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Datasets;

/// <summary>metadata.json of a data set, as the starting kit defines it (benchmark = the organizers' baseline accuracy in percent).</summary>
public sealed partial record DatasetMetadata(int NumClasses, IReadOnlyList<long> InputShape, string Codename, double Benchmark)
{
    public static DatasetMetadata Parse(string json, string where)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new AssetRejectedException($"{where}: metadata.json is not valid JSON ({e.Message}).");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new AssetRejectedException($"{where}: metadata.json must be a JSON object.");
        JsonElement Get(string key) => root.TryGetProperty(key, out var v)
            ? v : throw new AssetRejectedException($"{where}: metadata.json has no '{key}' (needs num_classes, input_shape, codename, benchmark).");

        var nc = Get("num_classes");
        if (nc.ValueKind != JsonValueKind.Number || !nc.TryGetInt32(out var numClasses) || numClasses < 2)
            throw new AssetRejectedException($"{where}: metadata.json 'num_classes' is {nc.GetRawText()}; expected an integer of at least 2.");
        var shape = Get("input_shape");
        if (shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0
            || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v) || v <= 0))
            throw new AssetRejectedException($"{where}: metadata.json 'input_shape' is {shape.GetRawText()}; expected a list of positive integers such as [1, 28, 28].");
        var code = Get("codename");
        if (code.ValueKind != JsonValueKind.String || !CodenamePattern().IsMatch(code.GetString()!))
            throw new AssetRejectedException($"{where}: metadata.json 'codename' is {code.GetRawText()}; expected 1 to 64 letters, digits, '_' or '-'.");
        var bench = Get("benchmark");
        if (bench.ValueKind != JsonValueKind.Number || bench.GetDouble() is < 0 or >= 100)
            throw new AssetRejectedException($"{where}: metadata.json 'benchmark' is {bench.GetRawText()}; expected the baseline accuracy in percent, from 0 up to (not including) 100.");
        return new DatasetMetadata(numClasses, shape.EnumerateArray().Select(d => d.GetInt64()).ToArray(), code.GetString()!, bench.GetDouble());
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CodenamePattern();
}
