namespace NasArena.Platform.Storage;

public static class SafeFileName
{
    /// <summary>A participant's file name reduced to what is safe inside an object key and a Content-Disposition header.</summary>
    public static string From(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var chars = baseName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        if (safe.Length > 100)
        {
            safe = safe[^100..];
        }
        return safe.Length == 0 ? "file" : safe;
    }
}
