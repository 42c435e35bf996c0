using System.IO.Compression;
using System.Text;

namespace NasArena.UnseenData.Tests.Support;

/// <summary>Builds zips entry by entry, including the hostile kinds (links, traversal names) that tools refuse to make.</summary>
public sealed class ZipBuilder
{
    private readonly List<(string Name, byte[] Data, int? UnixMode)> _entries = [];

    public ZipBuilder Add(string name, string text, int? unixMode = null) => Add(name, Encoding.UTF8.GetBytes(text), unixMode);

    public ZipBuilder Add(string name, byte[] data, int? unixMode = null)
    {
        _entries.Add((name, data, unixMode));
        return this;
    }

    public ZipBuilder AddFiles(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (name, text) in files) Add(name, text);
        return this;
    }

    public ZipBuilder AddDirectory(string directory, string prefix = "")
    {
        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order())
        {
            var rel = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (rel.Contains("__pycache__")) continue;
            Add(prefix + rel, File.ReadAllBytes(file));
        }
        return this;
    }

    public string Save(string path)
    {
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, data, mode) in _entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                if (mode is { } m) entry.ExternalAttributes = m << 16;
                using var s = entry.Open();
                s.Write(data);
            }
        }
        return path;
    }
}
