using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Demo;

namespace NasArena.Platform.Tests.Cli;

/// <summary>The embedded default with its demo seeded, as a person would find it after the README's first command.</summary>
public sealed class DemoHost : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?> { ["NasArena:SeedDemo"] = "true" });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoHost>
{
    public const string Name = "Embedded default with the demo";
}

/// <summary>
/// The README's walk-through, with the real Python client (Debian's python3) against the running server: sign in,
/// download the training data, predict with the example predictor, submit, see it ranked above the baseline.
/// </summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class DemoAndCliTests(DemoHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;
    private static string Client => System.IO.Path.Combine(TestServers.RepoRoot, "clients", "python", "nasarena.py");
    private const string Phase = DemoSeeder.Slug + "/prediction/replay";

    private async Task<(string Dir, string Config)> SignedInAsync()
    {
        var email = $"cli-{Guid.NewGuid():N}@example.org";
        await _host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().RegisterAsync(email, "a long password", "CLI user", CancellationToken.None));
        var dir = Directory.CreateTempSubdirectory("nasarena-cli").FullName;
        var config = System.IO.Path.Combine(dir, "config.json");
        var login = await Python.RunAsync(dir, "a long password", Client, "--config", config, "login", "--url", _host.BaseAddress.ToString().TrimEnd('/'),
            "--email", email, "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("API token", login.Stdout);
        return (dir, config);
    }

    [Fact]
    public async Task TheDemoIsSeededWithAScoredBaseline()
    {
        var api = new ApiClient(_host);
        var competition = await api.GetJsonAsync($"competitions/{DemoSeeder.Slug}");
        var phase = competition["tracks"]!.AsArray().Single(t => t!["slug"]!.GetValue<string>() == "prediction")!["phases"]![0]!;
        var publicAssets = phase["assets"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["query-architectures", "training-data"], publicAssets);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = (await api.GetJsonAsync($"phases/{phase["id"]}/leaderboard"))["rows"]!.AsArray();
            if (rows.FirstOrDefault(r => r!["isBaseline"]!.GetValue<bool>()) is { } baseline)
            {
                Assert.Null(baseline["rank"]);
                Assert.InRange(baseline["primary"]!.GetValue<double>(), 0.1, 0.9);
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                var states = await _host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    db.Submissions.Select(x => x.Status + " " + x.FailureReason + " baseline=" + x.IsBaseline)));
                Assert.Fail("The demo baseline was not scored: " + string.Join("; ", states));
            }
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData("supernet", "kendall_tau", -1.0, 1.0)]
    [InlineData("unseen-data", "score", -0.5, 0.5)]
    public async Task TheDemoSeedsTheSupernetAndUnseenDataTracksWithScoredBaselines(string track, string metric, double low, double high)
    {
        var api = new ApiClient(_host);
        var competition = await api.GetJsonAsync($"competitions/{DemoSeeder.Slug}");
        var phase = competition["tracks"]!.AsArray().Single(t => t!["slug"]!.GetValue<string>() == track)!["phases"]![0]!;
        Assert.Equal(metric, phase["primaryMetric"]!.GetValue<string>());
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var board = await api.GetJsonAsync($"phases/{phase["id"]}/leaderboard");
            if (board["rows"]!.AsArray().FirstOrDefault(r => r!["isBaseline"]!.GetValue<bool>()) is { } baseline)
            {
                // The unseen-data benchmarks are the baseline package's own accuracies on the demo's data sets: it scores 0.
                Assert.InRange(baseline["primary"]!.GetValue<double>(), low, high);
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                var states = await _host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    db.Submissions.Where(x => x.IsBaseline).Select(x => x.FileName + " " + x.Status + " " + x.FailureReason)));
                Assert.Fail($"The demo's {track} baseline was not scored: " + string.Join("; ", states));
            }
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task AParticipantBeatsTheBaselineWithThePythonClientAndSeesTheRank()
    {
        var (dir, config) = await SignedInAsync();
        var register = await new ApiClient(_host, System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!["token"]!.GetValue<string>())
            .PostAsync($"competitions/{DemoSeeder.Slug}/registrations", new { acceptRules = true, teamName = "CLI team " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        foreach (var asset in new[] { "training-data", "query-architectures" })
        {
            var download = await Python.RunAsync(dir, null, Client, "--config", config, "download", "--phase", Phase, asset);
            Assert.True(download.ExitCode == 0, download.ToString());
        }
        var predict = await Python.RunAsync(dir, null, System.IO.Path.Combine(TestServers.RepoRoot, "clients", "python", "examples", "ridge_predictor.py"),
            "training-data.json", "query-architectures.json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        await File.WriteAllTextAsync(System.IO.Path.Combine(dir, "predictions.csv"), predict.Stdout);

        var submit = await Python.RunAsync(dir, null, Client, "--config", config, "submit", "--phase", Phase, "--description", "ridge", "--wait", "predictions.csv");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Scored", submit.Stdout);
        Assert.Matches(@"kendall_tau=0\.\d+", submit.Stdout);

        var status = await Python.RunAsync(dir, null, Client, "--config", config, "status", "--phase", Phase);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("predictions.csv", status.Stdout);

        var board = await Python.RunAsync(dir, null, Client, "--config", config, "leaderboard", "--phase", Phase);
        Assert.True(board.ExitCode == 0, board.ToString());
        var lines = board.Stdout.Split('\n');
        var ours = Array.FindIndex(lines, l => l.Contains("CLI team"));
        var baseline = Array.FindIndex(lines, l => l.Contains("(baseline)"));
        Assert.True(ours >= 0 && baseline >= 0 && ours < baseline, "The example predictor should rank above the baseline:\n" + board.Stdout);
        Assert.Matches(RankOne(), lines[ours]);
        // The worker's bootstrap interval, shown because the demo phase shows uncertainty (ADR 0018).
        Assert.Contains(lines, l => l.StartsWith("95 % interval: paired percentile bootstrap over ", StringComparison.Ordinal) && l.Contains(", 1000 resamples", StringComparison.Ordinal));
        Assert.Matches(@"\[-?\d\.\d{4}, -?\d\.\d{4}\]", lines[ours]);
    }

    [Fact]
    public async Task TheClientSaysWhatIsWrongWithABadFile()
    {
        var (dir, config) = await SignedInAsync();
        await File.WriteAllTextAsync(System.IO.Path.Combine(dir, "bad.csv"), "arch_id,prediction\narch2,NaN\n");
        var submit = await Python.RunAsync(dir, null, Client, "--config", config, "submit", "--phase", Phase, "bad.csv");
        Assert.Equal(1, submit.ExitCode);
        Assert.Contains("error: 403", submit.Stderr); // not registered yet: the server's reason reaches the user
        Assert.Contains("not registered", submit.Stderr);
    }

    [GeneratedRegex(@"^\s+\d+\s+CLI team")]
    private static partial Regex RankOne();
}
