namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>Reads README.md as a reader does, so tests run what it says rather than a copy of it.</summary>
public static class Readme
{
    /// <summary>
    /// The first command of a section: the first line of its first code block, indented by four spaces or fenced
    /// with ```. The section runs from the heading that starts with <paramref name="heading"/> to the next "## ".
    /// </summary>
    public static string FirstCommand(string readme, string heading)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no heading starting with '{heading}'.");
        }
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                var first = lines.Skip(i + 1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).FirstOrDefault(l => l.Trim().Length > 0);
                if (first is not null)
                {
                    return first.Trim();
                }
            }
            // An indented code block starts after a blank line (an indented line right after text continues a list).
            if ((lines[i].StartsWith("    ", StringComparison.Ordinal) || lines[i].StartsWith('\t')) && lines[i].Trim().Length > 0
                && lines[i - 1].Trim().Length == 0)
            {
                return lines[i].Trim();
            }
        }
        throw new InvalidOperationException($"The README section '{heading}' has no code block.");
    }
}
