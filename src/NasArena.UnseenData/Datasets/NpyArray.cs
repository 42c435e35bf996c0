using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace NasArena.UnseenData.Datasets;

/// <summary>
/// The header of a NumPy .npy file (format 1.0 to 3.0): enough to check shapes and read label or prediction
/// vectors without Python. Pickled (object) arrays are refused: they would run code on load.
/// </summary>
public sealed partial record NpyHeader(string Descr, bool FortranOrder, IReadOnlyList<long> Shape, long DataOffset)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Kind letter of the dtype: i (signed), u (unsigned), f (float), b (bool), O (object) ...</summary>
    public char Kind => Descr.Length >= 2 ? Descr[1] : '?';

    public int ItemSize => Descr.Length >= 3 && int.TryParse(Descr.AsSpan(2), out var n) ? n : 0;

    public bool BigEndian => Descr.StartsWith('>') && ItemSize > 1;

    public bool IsInteger => Kind is 'i' or 'u';

    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Count == 1 ? ",)" : ")");

    /// <summary>The longest header read: the format's prefix and a header text of at most 1 MiB.</summary>
    public const long MaxHeaderBytes = 12 + (1 << 20);

    public static NpyHeader Read(Stream stream, string name)
    {
        Span<byte> magic = stackalloc byte[10];
        if (ReadFully(stream, magic) < 10 || magic[0] != 0x93 || Encoding.ASCII.GetString(magic[1..6]) != "NUMPY")
            throw new InvalidDataException($"{name} is not a .npy file (no \\x93NUMPY magic at its start).");
        int major = magic[6];
        long headerLength;
        int prefix;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(magic[8..10]);
            prefix = 10;
        }
        else if (major is 2 or 3)
        {
            Span<byte> rest = stackalloc byte[2];
            if (ReadFully(stream, rest) < 2) throw new InvalidDataException($"{name}: truncated .npy header.");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian([magic[8], magic[9], rest[0], rest[1]]);
            prefix = 12;
        }
        else throw new InvalidDataException($"{name}: unsupported .npy format version {major}.");
        if (headerLength > 1 << 20) throw new InvalidDataException($"{name}: .npy header of {headerLength} bytes is implausibly long.");
        var header = new byte[headerLength];
        if (ReadFully(stream, header) < headerLength) throw new InvalidDataException($"{name}: truncated .npy header.");
        var text = Encoding.Latin1.GetString(header);

        var descr = DescrPattern().Match(text);
        var fortran = FortranPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{name}: cannot read the .npy header '{text.Trim()}' (expected 'descr', 'fortran_order' and 'shape').");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d.TrimEnd('L'), out var v) && v >= 0 ? v : throw new InvalidDataException($"{name}: bad dimension '{d}' in the .npy shape."))
            .ToArray();
        return new NpyHeader(descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims, prefix + headerLength);
    }

    public static NpyHeader ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

public static class NpyArray
{
    /// <summary>Reads a 1-D integer (or bool) vector as long values; the caller has checked the header.</summary>
    public static long[] ReadIntegers(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadIntegers(stream, Path.GetFileName(path));
    }

    public static long[] ReadIntegers(Stream stream, string name)
    {
        var header = NpyHeader.Read(stream, name);
        if (header.Shape.Count != 1)
            throw new InvalidDataException($"{name} has shape {header.ShapeText}; expected a vector (N,).");
        if (!(header.IsInteger || header.Kind == 'b') || header.ItemSize is not (1 or 2 or 4 or 8))
            throw new InvalidDataException($"{name} has dtype '{header.Descr}'; expected integers.");
        int size = header.ItemSize;
        long n = header.Shape[0];
        if (n * size > int.MaxValue) throw new InvalidDataException($"{name}: {n} values are too many.");
        var bytes = new byte[n * size];
        int read = 0;
        while (read < bytes.Length)
        {
            int k = stream.Read(bytes, read, bytes.Length - read);
            if (k == 0) throw new InvalidDataException($"{name} is truncated: {read} of {bytes.Length} data bytes present.");
            read += k;
        }
        var values = new long[n];
        bool big = header.BigEndian;
        bool signed = header.Kind == 'i';
        for (long i = 0; i < n; i++)
        {
            var s = bytes.AsSpan((int)(i * size), size);
            values[i] = (size, signed) switch
            {
                (1, true) => (sbyte)s[0],
                (1, false) => s[0],
                (2, true) => big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
                (2, false) => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
                (4, true) => big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
                (4, false) => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
                (8, true) => big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
                _ => (long)Math.Min(big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s), long.MaxValue),
            };
        }
        return values;
    }
}
