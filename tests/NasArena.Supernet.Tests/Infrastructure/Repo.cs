namespace NasArena.Supernet.Tests.Infrastructure;

/// <summary>Paths in the repository, found by walking up from the test binaries to NasArena.sln.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NasArena.sln"))) return dir.FullName;
        throw new InvalidOperationException("NasArena.sln not found above " + AppContext.BaseDirectory);
    }
}
