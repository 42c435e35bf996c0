using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NasArena.Web.Demo;

/// <summary>
/// Fashion-MNIST from Debian's dataset-fashion-mnist, read at seed time (a few MB: cheaper than committing data assets),
/// and written in the supernet track's data asset format: a zip of x.npy float32 (N, 1, 28, 28) in [0, 1] and y.npy int64 (N),
/// the same values as the starter kit's data.py.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian puts it; NasArena:DemoFashionMnistFolder names another folder of the same files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    public static byte[] AssetZip(string split, int start, int count) => AssetZip(DefaultFolder, split, start, count);

    /// <summary>Images [start, start + count) of a split ("train" or "t10k") as a data asset zip.</summary>
    public static byte[] AssetZip(string folder, string split, int start, int count)
    {
        var images = ReadIdx(Path.Combine(folder, $"{split}-images-idx3-ubyte.gz"), 16);
        var labels = ReadIdx(Path.Combine(folder, $"{split}-labels-idx1-ubyte.gz"), 8);
        if (start < 0 || count <= 0 || start + count > labels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Fashion-MNIST {split} has {labels.Length} images, not [{start}, {start + count}).");
        }
        var x = new float[count * 784];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = images[start * 784 + i] / 255f;
        }
        var y = new long[count];
        for (var i = 0; i < count; i++)
        {
            y[i] = labels[start + i];
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "x.npy", "<f4", $"({count}, 1, 28, 28)", x.AsSpan());
            Write(zip, "y.npy", "<i8", $"({count},)", y.AsSpan());
        }
        return buffer.ToArray();
    }

    private static byte[] ReadIdx(string path, int headerBytes)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).", path);
        }
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        return raw.ToArray()[headerBytes..];
    }

    /// <summary>NPY format 1.0: magic, little-endian header length, a Python dict literal padded to 64 bytes, the data in C order.</summary>
    private static void Write<T>(ZipArchive zip, string name, string dtype, string shape, ReadOnlySpan<T> data) where T : unmanaged
    {
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}";
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        stream.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(padded));
        // Little-endian machines only (x64, arm64), as the rest of the platform.
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
    }
}
