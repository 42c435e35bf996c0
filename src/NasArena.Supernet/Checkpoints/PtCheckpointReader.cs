using System.IO.Compression;
using TorchSharp;
using TorchSharp.PyBridge;

namespace NasArena.Supernet.Checkpoints;

/// <summary>
/// PyTorch zip checkpoints (torch.save of a state_dict). The archive and its data.pkl are checked first
/// (<see cref="PickleStateDictParser"/>), only then does TorchSharp.PyBridge load the tensors.
/// </summary>
public static class PtCheckpointReader
{
    const long MaxPickleBytes = 64L << 20;

    public static bool LooksLikeZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    /// <summary>Declared tensors, after checking the archive's structure and every storage's size.</summary>
    public static IReadOnlyList<CheckpointTensor> ReadDeclared(string path, long maxBytes)
    {
        using var zip = Open(path);
        // torch.save stores entries uncompressed; a compressed "zip bomb" would make the loader allocate far more than the upload.
        long unpacked = zip.Entries.Sum(e => e.Length);
        if (unpacked > maxBytes) throw new CheckpointException($"The checkpoint unpacks to {unpacked} bytes; this track accepts at most {maxBytes} bytes.");
        var (prefix, tensors) = ParsePickle(zip);
        foreach (var t in tensors)
        {
            var entry = zip.GetEntry($"{prefix}data/{t.StorageKey}")
                ?? throw new CheckpointException($"The checkpoint is incomplete: tensor '{t.Key}' refers to storage '{t.StorageKey}', which the archive lacks.");
            if (entry.Length < t.StorageExtent * t.ElementSize)
                throw new CheckpointException(
                    $"The checkpoint is truncated or inconsistent: tensor '{t.Key}' needs {t.StorageExtent * t.ElementSize} bytes of storage '{t.StorageKey}', which holds {entry.Length}.");
        }
        return tensors.Select(t => new CheckpointTensor(t.Key, t.DType, t.Shape)).ToList();
    }

    /// <summary>Loads the tensors with PyBridge; call only after <see cref="ReadDeclared"/> and the key/shape checks passed.</summary>
    public static Dictionary<string, torch.Tensor> Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var table = PyTorchUnpickler.UnpickleStateDict(stream);
            var result = new Dictionary<string, torch.Tensor>();
            foreach (System.Collections.DictionaryEntry e in table)
                result[(string)e.Key] = (torch.Tensor)e.Value!;
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotImplementedException or InvalidCastException)
        {
            throw new CheckpointException($"The checkpoint could not be read ({e.Message}); it may be truncated or damaged.");
        }
    }

    static ZipArchive Open(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException)
        {
            throw new CheckpointException("The checkpoint looks like a zip (PyTorch format) but is truncated or damaged: its central directory cannot be read.");
        }
    }

    static (string Prefix, IReadOnlyList<PickledTensor> Tensors) ParsePickle(ZipArchive zip)
    {
        var names = zip.Entries.Select(e => e.FullName).ToList();
        // torch.save puts everything under one folder named after the file: <prefix>/data.pkl, <prefix>/data/<storage>.
        var pickles = names.Where(n => n == "data.pkl" || (n.EndsWith("/data.pkl") && n.Count(c => c == '/') == 1)).ToList();
        if (pickles.Count != 1)
            throw new CheckpointException(pickles.Count == 0
                ? "The zip is not a PyTorch checkpoint: it has no data.pkl. Upload a .safetensors file or a state_dict saved with torch.save."
                : "The zip holds several data.pkl files; upload one state_dict saved with torch.save.");
        var prefix = pickles[0][..^"data.pkl".Length];
        // TorchScript archives carry code (<prefix>/code/, <prefix>/constants.pkl); rejected even though nothing here would run them.
        if (names.Any(n => n.StartsWith(prefix + "code/", StringComparison.Ordinal) || n == prefix + "constants.pkl"))
            throw new CheckpointException("The checkpoint is a TorchScript archive (it contains code/ and constants.pkl); upload a state_dict saved with torch.save(model.state_dict(), path).");
        var entry = zip.GetEntry(pickles[0])!;
        if (entry.Length > MaxPickleBytes) throw new CheckpointException($"The checkpoint's data.pkl is {entry.Length} bytes; a state_dict's index is far smaller.");
        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointException($"The checkpoint's data.pkl cannot be read ({e.Message}).");
        }
        return (prefix, PickleStateDictParser.Parse(bytes));
    }
}
