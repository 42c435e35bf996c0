using System.Security.Cryptography;
using System.Text;

namespace NasArena.Scoring.Tests.Support;

/// <summary>A temporary folder for one test's files, deleted afterwards.</summary>
public sealed class TempFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("nasarena-scoring-").FullName;

    public string Write(string name, string content) => Write(name, new UTF8Encoding(false).GetBytes(content));

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
