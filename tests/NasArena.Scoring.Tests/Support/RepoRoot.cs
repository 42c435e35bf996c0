namespace NasArena.Scoring.Tests.Support;

/// <summary>The repository root: the folder holding NasArena.sln, found by walking up from the test binaries.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "NasArena.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No NasArena.sln above {AppContext.BaseDirectory}.");
    }
}
