using System.IO.Compression;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Spaces;

namespace NasArena.Supernet.Data;

/// <summary>
/// An evaluation or calibration data asset: a zip (or .npz) holding x.npy, float32 (N, C, H, W), and y.npy, int64 (N).
/// </summary>
public sealed record LabelledData(float[] X, long[] XShape, long[] Y)
{
    public int Count => (int)XShape[0];

    /// <summary>Reads and checks the asset against the space; faults are the organizer's (<see cref="AssetRejectedException"/>).</summary>
    public static LabelledData Load(string path, string assetKind, SearchSpace space)
    {
        NpyArray x, y;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            x = NpyReader.Read(ReadEntry(zip, "x.npy", assetKind), $"{assetKind} x.npy");
            y = NpyReader.Read(ReadEntry(zip, "y.npy", assetKind), $"{assetKind} y.npy");
        }
        catch (InvalidDataException e) { throw new AssetRejectedException($"Asset '{assetKind}': {e.Message}"); }

        if (x.Descr != "<f4") throw new AssetRejectedException($"Asset '{assetKind}': x.npy must be float32, found '{x.Descr}'.");
        if (y.Descr != "<i8") throw new AssetRejectedException($"Asset '{assetKind}': y.npy must be int64, found '{y.Descr}'.");
        if (x.Shape.Length != 4) throw new AssetRejectedException($"Asset '{assetKind}': x.npy must be 4-D (N, C, H, W), found shape ({string.Join(", ", x.Shape)}).");
        if (y.Shape.Length != 1) throw new AssetRejectedException($"Asset '{assetKind}': y.npy must be 1-D (N), found shape ({string.Join(", ", y.Shape)}).");
        if (x.Shape[0] != y.Shape[0])
            throw new AssetRejectedException($"Asset '{assetKind}': x.npy has {x.Shape[0]} samples but y.npy has {y.Shape[0]} labels.");
        if (x.Shape[0] == 0) throw new AssetRejectedException($"Asset '{assetKind}': it holds no samples.");
        if (!x.Shape[1..].SequenceEqual(space.InputShape.Select(i => (long)i)))
            throw new AssetRejectedException(
                $"Asset '{assetKind}': samples have shape ({string.Join(", ", x.Shape[1..])}); the {space.Name} space takes ({string.Join(", ", space.InputShape)}).");
        var labels = y.AsInt64();
        var bad = Array.FindIndex(labels, l => l < 0 || l >= space.NumClasses);
        if (bad >= 0) throw new AssetRejectedException($"Asset '{assetKind}': label {labels[bad]} at index {bad} is outside 0..{space.NumClasses - 1}.");
        var values = x.AsFloat32();
        var nonFinite = Array.FindIndex(values, v => !float.IsFinite(v));
        if (nonFinite >= 0) throw new AssetRejectedException($"Asset '{assetKind}': x.npy holds a non-finite value at flat index {nonFinite}.");
        return new LabelledData(values, x.Shape, labels);
    }

    static byte[] ReadEntry(ZipArchive zip, string name, string assetKind)
    {
        var entry = zip.GetEntry(name) ?? throw new AssetRejectedException($"Asset '{assetKind}': the archive has no {name} (expected x.npy and y.npy at its root).");
        using var s = entry.Open();
        var bytes = new byte[entry.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
