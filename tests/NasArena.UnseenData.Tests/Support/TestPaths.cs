namespace NasArena.UnseenData.Tests.Support;

public static class TestPaths
{
    public const string Python = "/usr/bin/python3";

    public static string RepoRoot { get; } = FindRepoRoot();

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

    private static string FindRepoRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NASARENA_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "NasArena.sln"))) return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NasArena.sln"))) return dir.FullName;
        throw new InvalidOperationException("NasArena.sln not found above " + AppContext.BaseDirectory);
    }
}
