namespace NasArena.Testing;

/// <summary>
/// The repository root (the folder holding NasArena.sln): NASARENA_REPO_ROOT when scripts/test.sh sets it, otherwise found
/// by walking up from the test binaries. The one copy of that walk for every test and benchmark project.
/// </summary>
public static class Repo
{
    public static string Root { get; } = Find();

    /// <summary>A path under the repository root.</summary>
    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NASARENA_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "NasArena.sln")))
        {
            return fromEnv;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NasArena.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (NasArena.sln) above " + AppContext.BaseDirectory);
    }
}
