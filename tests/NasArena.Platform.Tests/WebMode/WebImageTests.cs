using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.WebMode;

/// <summary>The web project published as the web image is built: it ships no TorchSharp, no libtorch and no sandbox (ADR 0013).</summary>
public sealed class WebImageFixture : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("nasarena-webimage").FullName;

    public string Dll => Path.Combine(Dir, "NasArena.Web.dll");

    public async Task InitializeAsync()
    {
        // The build the suite made (scripts/test.sh builds the solution), published as deploy/platform/Dockerfile.web does.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
        await using var publish = ChildProcess.Start(TestServers.RepoRoot,
            $"exec dotnet publish src/NasArena.Web -c {configuration} --no-build -nologo -v q -o \"{Dir}\"", new Dictionary<string, string?>());
        var exit = await publish.WaitForExitAsync("dotnet publish src/NasArena.Web", TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"dotnet publish ended with {exit}:\n{publish.Output}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }
}

[Trait("Category", "Deploy")]
public sealed partial class WebImageTests(WebImageFixture image) : IClassFixture<WebImageFixture>
{
    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    private static Dictionary<string, string?> SqliteEnvironment(string dir, string mode) => new()
    {
        ["NasArena__Mode"] = mode,
        ["NasArena__SeedDemo"] = "false",
        ["Database__Provider"] = "Sqlite",
        ["Database__ConnectionString"] = $"Data Source={Path.Combine(dir, "nasarena.db")}",
        ["Jobs__SqliteStorage"] = Path.Combine(dir, "hangfire.db"),
        ["Storage__Kind"] = "disk",
        ["Storage__DiskRoot"] = Path.Combine(dir, "objects"),
        ["Storage__ScratchDir"] = Path.Combine(dir, "scratch"),
    };

    [Fact]
    public void ThePublishedWebHoldsNoTorchSharpNoLibtorchAndNoHeavyTrackLibrary()
    {
        var files = Directory.EnumerateFiles(image.Dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(image.Dir, f)).ToList();
        Assert.Contains("NasArena.Web.dll", files);
        Assert.Contains("NasArena.Prediction.dll", files); // the light scorer, for the prechecks at upload
        // Every kind's descriptor is light and ships (the web reads them all, ADR 0013); the heavy modules do not.
        Assert.Contains("NasArena.Supernet.Kind.dll", files);
        Assert.Contains("NasArena.UnseenData.Kind.dll", files);
        Assert.Contains("NasArena.MultiObjective.Kind.dll", files);
        Assert.Contains("NasArena.MultiObjective.dll", files); // light: the front prechecks at upload (ADR 0048)
        var heavy = files.Where(f => Regex.IsMatch(Path.GetFileName(f),
            @"^(libtorch|libc10|libLibTorchSharp|libgomp|TorchSharp|NasArena\.Supernet\.(dll|pdb)$|NasArena\.UnseenData\.(dll|pdb)$)", RegexOptions.IgnoreCase)).ToList();
        Assert.True(heavy.Count == 0, $"The web image would ship: {string.Join(", ", heavy)}");
        var size = files.Sum(f => new FileInfo(Path.Combine(image.Dir, f)).Length);
        Assert.True(size < 200L << 20, $"The published web is {size >> 20} MiB: something heavy came along."); // libtorch alone is ~500 MiB
    }

    [Fact]
    public async Task ThePublishedWebServesInModeWebWithoutMappingLibtorch()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-webimage-run").FullName;
        try
        {
            var env = SqliteEnvironment(dir, "web");
            await using (var migrate = ChildProcess.Start(dir, $"exec dotnet \"{image.Dll}\" migrate", env))
            {
                var exit = await migrate.WaitForExitAsync("the published web's migrate step", TimeSpan.FromMinutes(2));
                Assert.True(exit == 0, migrate.Output);
            }
            await using var web = ChildProcess.Start(dir, $"exec dotnet \"{image.Dll}\" --urls http://127.0.0.1:0", env);
            var url = (await web.WaitForOutputAsync(Listening(), "the published web listening", TimeSpan.FromMinutes(2))).Groups[1].Value;
            using var http = new HttpClient();
            var competitions = await http.GetAsync($"{url}/api/v1/competitions");
            Assert.True(competitions.IsSuccessStatusCode, $"{competitions.StatusCode}: {await competitions.Content.ReadAsStringAsync()}");
            // What the running process has mapped: no TorchSharp assembly, no native libtorch.
            var maps = await File.ReadAllTextAsync($"/proc/{web.Id}/maps");
            Assert.DoesNotContain("libtorch", maps);
            Assert.DoesNotContain("TorchSharp", maps);
            Assert.Contains("NasArena.Prediction.dll", maps);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ThePublishedWebRefusesTheEmbeddedModeNamingWhatItLacksAndWhereTheAllInOneIs()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-webimage-embedded").FullName;
        try
        {
            await using var web = ChildProcess.Start(dir, $"exec dotnet \"{image.Dll}\" --urls http://127.0.0.1:0", SqliteEnvironment(dir, "embedded"));
            var exit = await web.WaitForExitAsync("the published web started in mode embedded", TimeSpan.FromMinutes(2));
            Assert.True(exit == 2, $"exit {exit}, expected 2. Output:\n{web.Output}");
            Assert.Contains("Track kind Supernet is scored by the NasArena.Supernet library, which this process does not ship", web.Output);
            Assert.Contains("src/NasArena.AllInOne", web.Output);
            Assert.DoesNotContain("   at ", web.Output);
            Assert.False(File.Exists(Path.Combine(dir, "nasarena.db")), "The refused start created a database.");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
