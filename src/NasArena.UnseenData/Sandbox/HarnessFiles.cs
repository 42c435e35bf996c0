using System.Security.Cryptography;

namespace NasArena.UnseenData.Sandbox;

/// <summary>The platform's harness (Harness/main.py, embedded in this assembly) and where it is written for the sandbox.</summary>
public static class HarnessFiles
{
    public const string ResourceName = "NasArena.UnseenData.Harness.main.py";

    public static byte[] MainPy()
    {
        using var stream = typeof(HarnessFiles).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The harness resource {ResourceName} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes the harness into {parent}/harness-{hash}/main.py once and returns that folder.</summary>
    public static string Materialize(string parentDirectory)
    {
        var bytes = MainPy();
        var dir = Path.Combine(parentDirectory, "harness-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        var file = Path.Combine(dir, "main.py");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dir);
            var temp = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, file, overwrite: true);
        }
        return dir;
    }
}
