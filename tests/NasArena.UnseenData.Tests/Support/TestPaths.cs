namespace NasArena.UnseenData.Tests.Support;

/// <summary>Temporary folders and tools the tests need (the repository root and python3: NasArena.Testing).</summary>
public static class TestPaths
{
    /// <summary>A fresh folder under the system temp folder, removed by the caller's Dispose.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Fails loudly (never skips) when a tool the tests need is missing.</summary>
    public static void Require(string path, string install)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: install it ({install}; scripts/install-test-deps.sh does).");
    }
}
