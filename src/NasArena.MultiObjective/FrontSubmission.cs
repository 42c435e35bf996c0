using System.Text;
using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>One submitted architecture and the line of the file it is on (for messages).</summary>
public sealed record SubmittedArch(string Arch, int Line);

/// <summary>
/// Reads a participant's front: JSON, an array of architecture strings or <c>{"architectures": [...]}</c>, or CSV, one
/// architecture per line in the first column (a header "arch" or "architecture" is skipped, blank lines too). Faults of
/// the file's shape are <see cref="SubmissionRejectedException"/>s naming the line; what the architectures are is checked
/// by the scorer against the space and the table.
/// </summary>
public static class FrontSubmission
{
    public static IReadOnlyList<SubmittedArch> Read(string path, string fileName)
    {
        var bytes = File.ReadAllBytes(path);
        var text = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[3..] : bytes;
        bool json = fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && FirstByte(text) is (byte)'[' or (byte)'{');
        var archs = json ? ReadJson(text) : ReadCsv(text);
        if (archs.Count == 0) throw new SubmissionRejectedException("The front is empty: submit at least one architecture.");
        return archs;
    }

    static byte? FirstByte(byte[] text) => text.Select(b => (byte?)b).FirstOrDefault(b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'));

    static List<SubmittedArch> ReadJson(byte[] text)
    {
        // Offsets only grow: count the newlines since the last call (linear in the file, however many elements).
        int line = 1, counted = 0;
        int Line(long offset)
        {
            line += text.AsSpan(counted, (int)offset - counted).Count((byte)'\n');
            counted = (int)offset;
            return line;
        }
        try
        {
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // {"architectures": [...]}: the one key; anything else is a fault, not ignored (a typo would score nothing).
                reader.Read();
                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("architectures"))
                    throw new SubmissionRejectedException($"Line {Line(reader.TokenStartIndex)}: expected the key \"architectures\" (an array of architecture strings).");
                reader.Read();
            }
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new SubmissionRejectedException($"Line {Line(reader.TokenStartIndex)}: expected an array of architecture strings such as [\"4-8-4-12-16-24-32\"].");
            var archs = new List<SubmittedArch>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                    throw new SubmissionRejectedException($"Line {Line(reader.TokenStartIndex)}: element {archs.Count + 1} is {Describe(reader.TokenType)}, not an architecture string.");
                archs.Add(new(reader.GetString()!, Line(reader.TokenStartIndex)));
            }
            while (reader.Read())
                if (reader.TokenType is not JsonTokenType.EndObject)
                    throw new SubmissionRejectedException($"Line {Line(reader.TokenStartIndex)}: unexpected content after the array of architectures.");
            return archs;
        }
        catch (JsonException e)
        {
            throw new SubmissionRejectedException($"The front is not valid JSON: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.");
        }
    }

    static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    static List<SubmittedArch> ReadCsv(byte[] text)
    {
        string content;
        try
        {
            content = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new SubmissionRejectedException("The front is not UTF-8 text.");
        }
        var archs = new List<SubmittedArch>();
        var lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var first = lines[i].TrimEnd('\r').Split(',')[0].Trim().Trim('"');
            if (first.Length == 0) continue;
            if (archs.Count == 0 && first is "arch" or "architecture") continue;
            archs.Add(new(first, i + 1));
        }
        return archs;
    }
}
