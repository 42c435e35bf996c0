using System.Text.RegularExpressions;

namespace NasArena.UnseenData.Packages;

/// <summary>
/// Static check that a package binds the starting kit's three classes at the top level of a root module,
/// by a class statement, an import or an assignment. The harness imports the root modules to find them.
/// </summary>
public static partial class StarterKitClasses
{
    public static readonly string[] Names = ["DataProcessor", "NAS", "Trainer"];

    public static IReadOnlyList<string> Missing(IReadOnlyDictionary<string, string> sourcesByFile)
    {
        var bound = new HashSet<string>();
        foreach (var source in sourcesByFile.Values)
            bound.UnionWith(TopLevelNames(source));
        return Names.Where(n => !bound.Contains(n)).ToList();
    }

    internal static IEnumerable<string> TopLevelNames(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (ClassPattern().Match(line) is { Success: true } c) yield return c.Groups[1].Value;
            else if (AssignPattern().Match(line) is { Success: true } a) yield return a.Groups[1].Value;
            else if (FromImportPattern().Match(line) is { Success: true } f)
            {
                var names = f.Groups[1].Value;
                // Parenthesised imports may span lines: gather until the closing parenthesis.
                if (names.Contains('('))
                    while (!names.Contains(')') && i + 1 < lines.Length)
                        names += " " + lines[++i];
                foreach (var part in names.Trim().Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var words = part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length == 0) continue;
                    yield return words.Length >= 3 && words[1] == "as" ? words[2].Trim(')', '(') : words[0].Trim(')', '(');
                }
            }
        }
    }

    [GeneratedRegex(@"^class\s+([A-Za-z_][A-Za-z0-9_]*)\b")]
    private static partial Regex ClassPattern();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*=[^=]")]
    private static partial Regex AssignPattern();

    [GeneratedRegex(@"^from\s+[.\w]+\s+import\s+(.+?)\s*(#.*)?$")]
    private static partial Regex FromImportPattern();
}
