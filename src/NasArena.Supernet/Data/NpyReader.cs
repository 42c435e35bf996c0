using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace NasArena.Supernet.Data;

/// <summary>A numpy array read from .npy bytes: its dtype descriptor, shape and raw little-endian data.</summary>
public sealed record NpyArray(string Descr, long[] Shape, byte[] Data)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
    public float[] AsFloat32() => MemoryMarshal.Cast<byte, float>(Data).ToArray();
    public long[] AsInt64() => MemoryMarshal.Cast<byte, long>(Data).ToArray();
}

/// <summary>Reads .npy (format versions 1 to 3), C order, little-endian float32 and int64 only: what the data assets hold.</summary>
public static partial class NpyReader
{
    static readonly Dictionary<string, int> Sizes = new() { ["<f4"] = 4, ["<i8"] = 8 };

    public static NpyArray Read(byte[] bytes, string name)
    {
        InvalidDataException Bad(string what) => new($"{name}: {what}");
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY") throw Bad("not a .npy file (no \\x93NUMPY magic)");
        int major = bytes[6];
        int headerLength, headerStart;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); headerStart = 10; }
        else if (major is 2 or 3) { headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); headerStart = 12; }
        else throw Bad($"unknown .npy format version {major}");
        if (headerStart + (long)headerLength > bytes.Length) throw Bad("truncated header");
        var header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success) throw Bad($"unreadable header {header.Trim()}");
        if (fortran.Groups[1].Value == "True") throw Bad("Fortran order is not supported; save a C-ordered array");
        var d = descr.Groups[1].Value;
        if (!Sizes.TryGetValue(d, out int size)) throw Bad($"dtype '{d}' is not supported (x must be float32 '<f4', y int64 '<i8')");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.TryParse(s, out var n) && n >= 0 ? n : throw Bad($"bad shape ({shape.Groups[1].Value})")).ToArray();
        long count = dims.Aggregate(1L, (a, b) => checked(a * b));
        int dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart != count * size)
            throw Bad($"holds {bytes.Length - dataStart} data bytes but shape ({string.Join(", ", dims)}) of {d} needs {count * size} (truncated?)");
        return new NpyArray(d, dims, bytes[dataStart..]);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")] private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapePattern();
}
