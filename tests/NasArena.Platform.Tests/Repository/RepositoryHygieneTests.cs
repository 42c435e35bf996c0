using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Repository;

/// <summary>
/// A clone holds source, not state: a committed database once gave every fresh clone a demo nobody could sign in to
/// (issue 7). Runtime data and build output stay out of git.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RepositoryHygieneTests
{
    private static readonly string[] DatabaseEndings = [".db", ".sqlite", ".sqlite3", "-wal", "-shm", "-journal"];
    private static readonly string[] ForbiddenFolders = [".data", "bin", "obj"];

    /// <summary>Why a tracked path must not be in git, or null when it may be.</summary>
    internal static string? Offence(string path)
    {
        var segments = path.Split('/');
        if (segments[..^1].FirstOrDefault(s => ForbiddenFolders.Contains(s)) is { } folder)
        {
            return folder == ".data" ? "runtime data (a .data folder)" : $"build output (a {folder}/ folder)";
        }
        var name = segments[^1];
        return DatabaseEndings.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? "a database file" : null;
    }

    [Fact]
    public async Task GitTracksNoDatabaseNoDataFolderAndNoBuildOutput()
    {
        var files = (await Git.RunAsync(TestServers.RepoRoot, "ls-files", "-z")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(files);
        var offences = files.Select(f => (File: f, Why: Offence(f))).Where(o => o.Why is not null).Select(o => $"{o.File}: {o.Why}").ToList();
        Assert.True(offences.Count == 0,
            "git tracks files that belong to a machine, not the repository (remove them with `git rm -r --cached PATH`; .gitignore " +
            "should cover them):\n" + string.Join('\n', offences));
    }

    [Theory]
    [InlineData("src/NasArena.Web/.data/nasarena.db")]
    [InlineData("src/NasArena.Web/.data/objects/ab/cd")]
    [InlineData("src/NasArena.AllInOne/.data/nasarena.db")]
    [InlineData("hangfire.db")]
    [InlineData("data/demo.sqlite")]
    [InlineData("nasarena.db-wal")]
    [InlineData("nasarena.db-shm")]
    [InlineData("src/NasArena.Web/bin/Release/net10.0/NasArena.Web.dll")]
    [InlineData("tests/NasArena.Platform.Tests/obj/project.assets.json")]
    public void TheCheckRecognisesRuntimeDataAndBuildOutput(string path) => Assert.NotNull(Offence(path));

    [Theory]
    [InlineData("src/NasArena.Web/Program.cs")]
    [InlineData("data/cvpr21/cvpr21-track2/Track2_stage1_trainning.json")]
    [InlineData("data/supernet-demo/baseline-supernet.safetensors")]
    [InlineData("scripts/make-unseen-datasets.py")]
    [InlineData("docs/objects.md")]
    public void TheCheckLetsSourceAndCommittedDataThrough(string path) => Assert.Null(Offence(path));
}
