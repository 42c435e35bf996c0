using System.Text;

namespace NasArena.UnseenData.Tests.Support;

/// <summary>Writes .npy version 1.0 files (little-endian, C order), the format numpy.save writes.</summary>
public static class Npy
{
    public static byte[] Float32(float[] values, params long[] shape) =>
        Build("<f4", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    public static byte[] Int64(long[] values) => Build("<i8", [values.Length], values.SelectMany(BitConverter.GetBytes).ToArray());

    public static byte[] Build(string descr, long[] shape, byte[] data)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }
}
