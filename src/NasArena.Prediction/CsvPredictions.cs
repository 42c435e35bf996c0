using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>
/// The CSV submission format: a header line <c>arch_id,prediction</c>, then one <c>id,number</c> line per
/// architecture. \n or \r\n line ends; blank lines are ignored; a field may be wrapped in double quotes.
/// </summary>
static class CsvPredictions
{
    public const string Header = "arch_id,prediction";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Parse(ReadOnlySpan<byte> text, string fileName, List<RawPrediction> predictions)
    {
        int lineNumber = 0;
        bool headerSeen = false;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            lineNumber++;
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];

            if (!headerSeen)
            {
                CheckHeader(line, fileName);
                headerSeen = true;
                continue;
            }
            if (line.Trim(" \t"u8).IsEmpty) continue;
            predictions.Add(ParseLine(line, lineNumber));
        }
    }

    static void CheckHeader(ReadOnlySpan<byte> line, string fileName)
    {
        int comma = line.IndexOf((byte)',');
        if (comma >= 0 && Cell(line[..comma]).SequenceEqual("arch_id"u8) && Cell(line[(comma + 1)..]).SequenceEqual("prediction"u8))
            return;
        string found = Encoding.UTF8.GetString(line.Length > 100 ? line[..100] : line);
        bool looksLikeData = comma >= 0 && double.TryParse(Cell(line[(comma + 1)..]), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        throw new SubmissionRejectedException(
            $"The submission \"{fileName}\" was rejected: its first line must be the header \"{Header}\" (exactly these two columns), but it is \"{found}\"."
            + (looksLikeData ? " The header line seems to be missing." : ""));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static RawPrediction ParseLine(ReadOnlySpan<byte> line, int lineNumber)
    {
        int comma = line.IndexOf((byte)',');
        int columns = line.Count((byte)',') + 1;
        if (columns != 2)
        {
            // The first column may still name a queried id: the fault is then reported under it.
            string candidate = comma > 0 ? Encoding.UTF8.GetString(Cell(line[..comma])) : "";
            return new(candidate, lineNumber, 0, $"the line has {columns} column{(columns == 1 ? "" : "s")}, expected 2 ({Header})", IsLineFault: true);
        }
        var idBytes = Cell(line[..comma]);
        if (idBytes.IsEmpty) return new("", lineNumber, 0, "the arch_id is empty", IsLineFault: true);
        string id = Encoding.UTF8.GetString(idBytes);
        var valueBytes = Cell(line[(comma + 1)..]);
        if (valueBytes.IsEmpty)
            return new(id, lineNumber, 0, "the prediction is empty");
        if (!double.TryParse(valueBytes, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return new(id, lineNumber, 0, IsNonFiniteWord(valueBytes)
                ? $"{Excerpt(valueBytes)} is not a finite number"
                : $"\"{Excerpt(valueBytes)}\" is not a number");
        if (!double.IsFinite(value))
            return new(id, lineNumber, 0, $"{Excerpt(valueBytes)} is not a finite number");
        return new(id, lineNumber, value, null);
    }

    /// <summary>How numpy, pandas and R spell NaN and infinities that .NET does not parse.</summary>
    static bool IsNonFiniteWord(ReadOnlySpan<byte> value)
    {
        var word = Encoding.ASCII.GetString(value.Length > 10 ? value[..10] : value).TrimStart('+', '-').ToLowerInvariant();
        return word is "nan" or "inf" or "infinity" or "na";
    }

    /// <summary>A field without surrounding blanks and double quotes.</summary>
    static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> field)
    {
        field = field.Trim(" \t"u8);
        if (field.Length >= 2 && field[0] == '"' && field[^1] == '"') field = field[1..^1].Trim(" \t"u8);
        return field;
    }

    static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > 60 ? bytes[..60] : bytes);
        return bytes.Length > 60 ? text + "..." : text;
    }
}
