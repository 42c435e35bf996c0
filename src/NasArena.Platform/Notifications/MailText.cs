namespace NasArena.Platform.Notifications;

/// <summary>Text that goes into a mail's header: one line, whoever wrote it (titles, file names, subjects).</summary>
public static class MailText
{
    /// <summary>Every control character (CR and LF above all: a header injection) becomes a space; trimmed, cut at <paramref name="max"/>.</summary>
    public static string OneLine(string text, int max = 200)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= max ? line : line[..max];
    }
}
