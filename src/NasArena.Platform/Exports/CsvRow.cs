using System.Globalization;

namespace NasArena.Platform.Exports;

/// <summary>
/// One line of a CSV export (RFC 4180: cells with a comma, quote or line break are quoted, quotes doubled), the only way
/// the platform writes CSV (issue 23, ADR 0030). Text cells carry what users typed (team and display names, file names,
/// reasons): one that starts with = + - @, a tab or a carriage return would run as a formula when an organizer opens the
/// file in a spreadsheet, so it is led by an apostrophe and read as text (OWASP's advice). Numbers, times and ids are
/// the platform's own and are written as they are, so a negative score stays a number.
/// </summary>
public sealed class CsvRow
{
    private readonly List<string> _cells = [];

    /// <summary>The header line of the given column names.</summary>
    public static string Header(IEnumerable<string> columns)
    {
        var row = new CsvRow();
        foreach (var column in columns)
        {
            row.Text(column);
        }
        return row.ToString();
    }

    /// <summary>Free text: neutralised when it could start a formula, quoted when it needs to be.</summary>
    public CsvRow Text(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        _cells.Add(text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text);
        return this;
    }

    /// <summary>Every digit ("R"), in the invariant culture; empty for none.</summary>
    public CsvRow Number(double? value) => Raw(value?.ToString("R", CultureInfo.InvariantCulture));

    public CsvRow Integer(long? value) => Raw(value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>UTC, ISO 8601 to the second; empty for none.</summary>
    public CsvRow Time(DateTimeOffset? value) => Raw(value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    public CsvRow Bool(bool value) => Raw(value ? "true" : "false");

    public CsvRow Id(Guid value) => Raw(value.ToString());

    private CsvRow Raw(string? value)
    {
        _cells.Add(value ?? "");
        return this;
    }

    public override string ToString() => string.Join(',', _cells);
}
