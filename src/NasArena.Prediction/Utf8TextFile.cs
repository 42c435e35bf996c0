using System.Text;
using System.Text.Unicode;

namespace NasArena.Prediction;

/// <summary>
/// Reads a text file that must be UTF-8 (a byte order mark is allowed) and reports encoding faults in words a
/// participant can act on. Faults are thrown through <paramref name="reject"/> so that each caller picks its
/// exception type (a participant's submission or an organizer's asset).
/// </summary>
static class Utf8TextFile
{
    /// <summary>Files are read whole; this bounds memory. 100,000 CVPR-style entries take about 25 MB.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    public static byte[] Read(string path, string displayName, Func<string, Exception> reject)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw reject($"{displayName} is {length / (1024 * 1024)} MB; the limit is {MaxBytes / (1024 * 1024)} MB.");
        var bytes = File.ReadAllBytes(path);
        CheckEncoding(bytes, displayName, reject);
        return bytes;
    }

    /// <summary>The content after a UTF-8 byte order mark, if any.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    /// <summary>1-based line of a byte offset.</summary>
    public static int LineOf(ReadOnlySpan<byte> bytes, long offset) =>
        bytes[..(int)Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;

    /// <summary>
    /// Describes where a byte offset (counted after the byte order mark) is: "line N" in a file of several lines,
    /// "byte N" in a one-line file (Python's json.dump writes one line; "line 1" would say nothing).
    /// </summary>
    public static Func<long, string> Locator(byte[] bytes, int bomLength)
    {
        bool multiLine = bytes.AsSpan().TrimEnd(" \t\r\n"u8).Contains((byte)'\n');
        return offset => multiLine ? $"line {LineOf(bytes, offset + bomLength)}" : $"byte {offset + 1}";
    }

    /// <summary>The first non-whitespace byte, or -1 for a blank file.</summary>
    public static int FirstSignificantByte(ReadOnlySpan<byte> bytes)
    {
        int i = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? -1 : bytes[i];
    }

    /// <summary>A short, printable excerpt of the first non-blank line, for messages.</summary>
    public static string FirstLine(ReadOnlySpan<byte> bytes)
    {
        int start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0) return "";
        bytes = bytes[start..];
        int end = bytes.IndexOfAny("\r\n"u8);
        var line = end < 0 ? bytes : bytes[..end];
        var text = Encoding.UTF8.GetString(line.Length > 240 ? line[..240] : line);
        return text.Length > 60 ? text[..60] + "..." : text;
    }

    static void CheckEncoding(byte[] bytes, string displayName, Func<string, Exception> reject)
    {
        const string saveAsUtf8 = "save it as UTF-8 (in Python: open(path, 'w', encoding='utf-8')).";
        if (bytes.Length == 0) throw reject($"{displayName} is empty.");
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }) || bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
            throw reject($"{displayName} is encoded as UTF-16 (it starts with a UTF-16 byte order mark); {saveAsUtf8}");
        // UTF-16 without a byte order mark: ASCII text with a zero byte beside every character.
        if (bytes.Length >= 4 && (bytes[0] == 0 || bytes[1] == 0))
            throw reject($"{displayName} looks like UTF-16 or binary data (it holds zero bytes); {saveAsUtf8}");
        if (!Utf8.IsValid(bytes))
        {
            long offset = FirstInvalidUtf8(bytes);
            throw reject($"{displayName} is not valid UTF-8 (invalid byte 0x{bytes[offset]:X2} on line {LineOf(bytes, offset)}); {saveAsUtf8}");
        }
        if (FirstSignificantByte(WithoutBom(bytes)) < 0) throw reject($"{displayName} is empty (only whitespace).");
    }

    static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        long offset = 0;
        while (!bytes.IsEmpty)
        {
            if (System.Buffers.OperationStatus.Done != Rune.DecodeFromUtf8(bytes, out _, out int consumed)) return offset;
            bytes = bytes[consumed..];
            offset += consumed;
        }
        return 0;
    }
}
