using NasArena.Supernet.Spaces;
using TorchSharp;

namespace NasArena.Supernet.Checkpoints;

/// <summary>Detects the format, checks the file, and loads the weights of the largest network.</summary>
public static class CheckpointLoader
{
    /// <summary>Cheap checks (size, format, keys, shapes, dtypes) without loading tensors: the upload precheck.</summary>
    public static void Check(string path, SearchSpace space, long maxBytes) => CheckpointValidator.CheckDeclared(space, Declared(path, maxBytes));

    /// <summary>Checks everything and loads; the caller disposes the weights.</summary>
    public static SupernetWeights Load(string path, SearchSpace space, long maxBytes)
    {
        bool zip = Check(path, space, maxBytes, out _);
        var tensors = zip ? PtCheckpointReader.Load(path) : SafetensorsReader.Load(path);
        var weights = new SupernetWeights(tensors);
        try
        {
            // PyBridge built these tensors itself: make sure they are what the checks approved.
            var expected = space.LargestNetworkTensors().ToDictionary(e => e.Key);
            foreach (var (key, t) in tensors)
                if (!expected.TryGetValue(key, out var e) || !t.shape.SequenceEqual(e.Shape))
                    throw new CheckpointException($"Tensor '{key}' loaded with an unexpected shape [{string.Join(", ", t.shape)}].");
            CheckpointValidator.CheckFinite(tensors);
            return weights;
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    static bool Check(string path, SearchSpace space, long maxBytes, out IReadOnlyList<CheckpointTensor> declared)
    {
        bool zip = IsZip(path, maxBytes);
        declared = zip ? PtCheckpointReader.ReadDeclared(path, maxBytes) : SafetensorsReader.ReadDeclared(path);
        CheckpointValidator.CheckDeclared(space, declared);
        return zip;
    }

    static IReadOnlyList<CheckpointTensor> Declared(string path, long maxBytes) =>
        IsZip(path, maxBytes) ? PtCheckpointReader.ReadDeclared(path, maxBytes) : SafetensorsReader.ReadDeclared(path);

    static bool IsZip(string path, long maxBytes)
    {
        long length = new FileInfo(path).Length;
        if (length > maxBytes) throw new CheckpointException($"The checkpoint is {length} bytes; this track accepts at most {maxBytes} bytes.");
        var head = new byte[Math.Min(8, length)];
        using (var f = File.OpenRead(path)) f.ReadExactly(head);
        if (PtCheckpointReader.LooksLikeZip(head)) return true;
        // torch.save(..., _use_new_zipfile_serialization=False) writes a bare pickle: an old format PyBridge cannot read.
        if (head.Length >= 2 && head[0] == 0x80 && head[1] <= 5)
            throw new CheckpointException("The checkpoint is in PyTorch's legacy (non-zip) format; save it with torch.save's default zip format or as safetensors.");
        return false;
    }
}

/// <summary>The loaded largest network's tensors, by state_dict key.</summary>
public sealed class SupernetWeights(Dictionary<string, torch.Tensor> tensors) : IDisposable
{
    public IReadOnlyDictionary<string, torch.Tensor> Tensors => tensors;

    public torch.Tensor this[string key] => tensors[key];

    public bool TryGet(string key, out torch.Tensor tensor) => tensors.TryGetValue(key, out tensor!);

    /// <summary>Moves the float tensors to the evaluation device.</summary>
    public void MoveTo(torch.Device device)
    {
        foreach (var key in tensors.Keys.ToList())
        {
            var moved = tensors[key].to(device);
            if (!ReferenceEquals(moved, tensors[key])) { tensors[key].Dispose(); tensors[key] = moved; }
        }
    }

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }
}
