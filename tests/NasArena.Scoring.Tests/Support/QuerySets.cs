using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NasArena.Scoring.Tests.Support;

/// <summary>Query-set and submission files built from the real CVPR 2021 data.</summary>
public static class QuerySets
{
    /// <summary>The real file with a split added to each entry: every fourth architecture is private.</summary>
    public static string FromCvpr21(string relative)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Cvpr21Data.PathOf(relative)));
        var text = new StringBuilder("{");
        int i = 0;
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            if (i > 0) text.Append(",\n");
            text.Append($"{JsonSerializer.Serialize(entry.Name)}: {{\"arch\": {entry.Value.GetProperty("arch").GetRawText()}, ");
            text.Append($"\"acc\": {entry.Value.GetProperty("acc").GetRawText()}, \"split\": \"{(i % 4 == 3 ? "private" : "public")}\"}}");
            i++;
        }
        return text.Append('}').ToString();
    }

    /// <summary>A small query set written by hand: ids a0..a{n-1}, acc = 0.5 + i/100, a0 and a1 private.</summary>
    public static string Small(int n = 8)
    {
        var lines = Enumerable.Range(0, n).Select(i =>
            $"  \"a{i}\": {{\"arch\": [[{i}, 0, 1, 0]], \"acc\": {(0.5 + i / 100.0).ToString(CultureInfo.InvariantCulture)}, \"split\": \"{(i < 2 ? "private" : "public")}\"}}");
        return "{\n" + string.Join(",\n", lines) + "\n}\n";
    }

    public static string CsvFor(IEnumerable<(string Id, double Value)> rows, string newline = "\n") =>
        "arch_id,prediction" + newline + string.Concat(rows.Select(r => $"{r.Id},{r.Value.ToString("R", CultureInfo.InvariantCulture)}{newline}"));

    public static string JsonFor(IEnumerable<(string Id, double Value)> rows) =>
        "{" + string.Join(",\n", rows.Select(r => $"\"{r.Id}\": {{\"acc\": {r.Value.ToString("R", CultureInfo.InvariantCulture)}}}")) + "}";
}
