using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;

namespace NasArena.Supernet.Checkpoints;

/// <summary>
/// safetensors, read by hand: an 8-byte little-endian header length, a JSON header
/// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then raw little-endian bytes.
/// </summary>
public static class SafetensorsReader
{
    const long MaxHeaderBytes = 100L << 20;

    static readonly Dictionary<string, int> ElementSizes = new()
    {
        ["F64"] = 8,
        ["F32"] = 4,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I64"] = 8,
        ["I32"] = 4,
        ["I16"] = 2,
        ["I8"] = 1,
        ["U64"] = 8,
        ["U32"] = 4,
        ["U16"] = 2,
        ["U8"] = 1,
        ["BOOL"] = 1,
        ["F8_E4M3"] = 1,
        ["F8_E5M2"] = 1,
    };

    sealed record Entry(CheckpointTensor Tensor, long Begin, long End);

    public static IReadOnlyList<CheckpointTensor> ReadDeclared(string path) => ReadHeader(path).Entries.Select(e => e.Tensor).ToList();

    /// <summary>Loads the F32/I64 tensors; call only after the key/shape/dtype checks passed.</summary>
    public static Dictionary<string, torch.Tensor> Load(string path)
    {
        var (entries, dataStart) = ReadHeader(path);
        var result = new Dictionary<string, torch.Tensor>();
        using var file = File.OpenRead(path);
        foreach (var e in entries)
        {
            var bytes = new byte[e.End - e.Begin];
            file.Position = dataStart + e.Begin;
            file.ReadExactly(bytes);
            result[e.Tensor.Key] = e.Tensor.DType switch
            {
                "F32" => torch.tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), e.Tensor.Shape),
                "I64" => torch.tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), e.Tensor.Shape),
                _ => throw new CheckpointException($"Tensor '{e.Tensor.Key}' has dtype {e.Tensor.DType}; expected F32."),
            };
        }
        return result;
    }

    static (IReadOnlyList<Entry> Entries, long DataStart) ReadHeader(string path)
    {
        long length = new FileInfo(path).Length;
        if (length < 8) throw new CheckpointException($"The safetensors file is {length} bytes: too short to hold its header length (truncated?).");
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        file.ReadExactly(head);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (headerLength > (ulong)(length - 8))
            throw new CheckpointException($"The safetensors header claims {headerLength} bytes but the file holds only {length - 8} after the length: the file is truncated or not safetensors.");
        if ((long)headerLength > MaxHeaderBytes) throw new CheckpointException($"The safetensors header is {headerLength} bytes; at most {MaxHeaderBytes} are accepted.");
        var json = new byte[headerLength];
        file.ReadExactly(json);
        long dataStart = 8 + (long)headerLength, dataLength = length - dataStart;

        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new CheckpointException($"The safetensors header is not valid JSON ({e.Message}); the file is not safetensors or is damaged."); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CheckpointException("The safetensors header is not a JSON object.");

        var entries = new List<Entry>();
        var seen = new HashSet<string>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__") continue;
            if (!seen.Add(p.Name)) throw new CheckpointException($"The safetensors header names tensor '{p.Name}' twice.");
            entries.Add(ParseEntry(p.Name, p.Value, dataLength));
        }
        // Tensors must not overlap: a crafted header could otherwise alias one buffer under two names.
        var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new CheckpointException($"The safetensors tensors '{sorted[i - 1].Tensor.Key}' and '{sorted[i].Tensor.Key}' overlap.");
        return (entries, dataStart);
    }

    static Entry ParseEntry(string key, JsonElement v, long dataLength)
    {
        CheckpointException Bad(string what) => new($"The safetensors entry '{key}' {what}.");
        if (v.ValueKind != JsonValueKind.Object) throw Bad("is not an object");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String) throw Bad("has no dtype");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array) throw Bad("has no shape");
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2) throw Bad("has no data_offsets [begin, end]");
        var dtype = dt.GetString()!;
        if (!ElementSizes.TryGetValue(dtype, out var size)) throw Bad($"has unknown dtype '{dtype}'");
        var shape = sh.EnumerateArray().Select(x => x.TryGetInt64(out var n) && n >= 0 ? n : throw Bad("has a shape that is not a list of counts")).ToArray();
        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin) throw Bad("has invalid data_offsets");
        long numel = 1;
        foreach (var n in shape) numel = checked(numel * n);
        if (end - begin != numel * size) throw Bad($"holds {end - begin} bytes but dtype {dtype} and shape [{string.Join(", ", shape)}] need {numel * size}");
        if (end > dataLength) throw Bad($"ends at byte {end} of the data but the file holds only {dataLength}: the file is truncated");
        return new Entry(new CheckpointTensor(key, dtype, shape), begin, end);
    }
}
