using System.Net;
using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Cli;

[CollectionDefinition(Name)]
public sealed class FreshCloneCollection : ICollectionFixture<FreshClone>
{
    public const string Name = "A fresh clone of the repository";
}

/// <summary>
/// What a new user does (issue 7): a fresh clone, the README's first command as written (read from the clone's README),
/// the printed accounts, the Python client and the example predictor from the clone. These run the committed HEAD: commit
/// before running them. The app runs as its own process tree (bash, dotnet run, the app), killed when a test ends.
/// </summary>
[Collection(FreshCloneCollection.Name)]
[Trait("Category", "Deploy")]
public sealed partial class FreshCloneTests(FreshClone clone)
{
    private const string Phase = "cvpr21-nas-replay/prediction/replay";

    /// <summary>The prediction is queued behind the supernet and unseen-data baselines on a 2-worker start: minutes, not seconds.</summary>
    private static readonly TimeSpan ScoringTimeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task ANewUserRunsTheReadmesFirstCommandSignsInAndSeesTheExamplePredictorRanked()
    {
        clone.ResetData();
        var (app, url) = clone.Start();
        await using var _ = app;
        var accounts = await DemoStart.AccountsAsync(app);
        await DemoStart.ServingAsync(app, url);
        foreach (var account in accounts.Values)
        {
            using var session = await DemoStart.SignInAsync(url, account);
        }

        // The README's "Submitting from a script", with the clone's client and example predictor.
        var work = Directory.CreateTempSubdirectory("nasarena-new-user").FullName;
        var client = Path.Combine(clone.Dir, "clients", "python", "nasarena.py");
        var config = Path.Combine(work, "config.json");
        string[] Cli(params string[] args) => [client, "--config", config, .. args];
        var login = await Python.RunAsync(work, accounts["participant"].Password,
            Cli("login", "--url", url.ToString().TrimEnd('/'), "--email", accounts["participant"].Email, "--password-stdin"));
        Assert.True(login.ExitCode == 0, login.ToString());
        foreach (var asset in new[] { "training-data", "query-architectures" })
        {
            var download = await Python.RunAsync(work, null, Cli("download", "--phase", Phase, asset));
            Assert.True(download.ExitCode == 0, download.ToString());
        }
        var predict = await Python.RunAsync(work, null, Path.Combine(clone.Dir, "clients", "python", "examples", "ridge_predictor.py"),
            "training-data.json", "query-architectures.json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        await File.WriteAllTextAsync(Path.Combine(work, "predictions.csv"), predict.Stdout);

        await using (var submit = ChildProcess.Start(work, $"/usr/bin/python3 {client} --config {config} submit --phase {Phase} predictions.csv --wait",
            new Dictionary<string, string?> { ["NASARENA_URL"] = null, ["NASARENA_TOKEN"] = null }))
        {
            Assert.True(await submit.WaitForExitAsync("submit --wait", ScoringTimeout) == 0, "submit --wait did not end Scored:\n" + submit.Output);
            Assert.Contains("Scored", submit.Output);
        }
        var board = await Python.RunAsync(work, null, Cli("leaderboard", "--phase", Phase));
        Assert.True(board.ExitCode == 0, board.ToString());
        Assert.Matches(RankedDemoTeam(), board.Stdout);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task AStartKilledMidSeedIsCompletedByTheNextStartWhichPrintsWorkingAccounts()
    {
        clone.ResetData();
        // Stopped after the supernet phase: accounts, competition and the prediction track made; the supernet track
        // half made (no assets, no baseline); the unseen-data track not begun. Then kill -9 of the whole tree.
        var (first, _) = clone.Start(new Dictionary<string, string?> { ["NasArena__DemoSeedPauseAfter"] = "supernet/phase" });
        await using (first)
        {
            var paused = await first.WaitForOutputAsync(PausedAfterSupernetPhase(), "that seeding paused after the supernet phase", DemoStart.Timeout);
            Assert.False(paused.Value.StartsWith("Now listening", StringComparison.Ordinal), "Seeding did not pause: the server came up.\n" + first.Output);
            Assert.DoesNotContain("Accounts (", first.Output);
            await first.KillAsync();
        }

        var (second, url) = clone.Start();
        await using var _ = second;
        var accounts = await DemoStart.AccountsAsync(second);
        await DemoStart.ServingAsync(second, url);
        // It completed what was missing and made nothing twice.
        Assert.DoesNotContain("Demo seed: competition made", second.Output);
        Assert.DoesNotContain("Demo seed: prediction/baseline made", second.Output);
        Assert.Contains("Demo seed: supernet/asset eval-data made", second.Output);
        Assert.Contains("Demo seed: unseen-data/baseline made", second.Output);

        using var organizer = await DemoStart.SignInAsync(url, accounts["organizer"]);
        using var admin = await DemoStart.SignInAsync(url, accounts["admin"]);
        using var participant = await DemoStart.SignInAsync(url, accounts["participant"]);
        var competition = await DemoStart.GetAsync(organizer, "competitions/cvpr21-nas-replay");
        var tracks = competition["tracks"]!.AsArray().ToDictionary(t => t!["slug"]!.GetValue<string>(), t => t!["phases"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(["fronts", "prediction", "supernet", "unseen-data"], tracks.Keys.Order());
        foreach (var (track, assets) in new[] { ("prediction", 3), ("supernet", 3), ("unseen-data", 2), ("fronts", 2) })
        {
            Assert.Equal(assets, (await DemoStart.GetAsync(organizer, $"phases/{tracks[track]}/assets")).AsArray().Count);
            var baselines = (await DemoStart.GetAsync(organizer, $"phases/{tracks[track]}/submissions")).AsArray().Count(s => s!["isBaseline"]!.GetValue<bool>());
            Assert.True(baselines == 1, $"The {track} phase has {baselines} baselines, not 1.");
        }
        var registration = await DemoStart.GetAsync(participant, "competitions/cvpr21-nas-replay/registration");
        Assert.Equal("Demo Team", registration["teamName"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStartWithoutFashionMnistServesThePredictionTrackAndNamesWhatTheOthersNeedWhichALaterStartAdds()
    {
        clone.ResetData();
        var empty = Directory.CreateTempSubdirectory("nasarena-no-fashion-mnist").FullName;
        var (first, url) = clone.Start(new Dictionary<string, string?> { ["NasArena__DemoFashionMnistFolder"] = empty });
        Dictionary<string, DemoAccount> accounts;
        await using (first)
        {
            accounts = await DemoStart.AccountsAsync(first);
            await DemoStart.ServingAsync(first, url);
            Assert.Matches(new Regex($@"supernet +needs Fashion-MNIST \({Regex.Escape(empty)}\): add with `(sudo )?apt-get install -y dataset-fashion-mnist`"), first.Output);
            Assert.Matches(new Regex(@"unseen-data +needs .*Fashion-MNIST.*: add with `(sudo )?apt-get install -y [^`]*dataset-fashion-mnist"), first.Output);
            // Named, never a stack trace.
            Assert.DoesNotContain("Unhandled exception", first.Output);
            Assert.DoesNotContain("FileNotFoundException", first.Output);
            using var organizer = await DemoStart.SignInAsync(url, accounts["organizer"]);
            var competition = await DemoStart.GetAsync(organizer, "competitions/cvpr21-nas-replay");
            // The multi-objective track needs no data set either: its costs are counted and its accuracies are a table.
            Assert.Equal(["fronts", "prediction"], competition["tracks"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).Order());
            await first.KillAsync();
        }
        Directory.Delete(empty);

        var (second, url2) = clone.Start();
        await using var _ = second;
        var completed = await second.WaitForOutputAsync(UnseenDataBaselineMade(), "that the unseen-data track was completed", DemoStart.Timeout);
        Assert.False(completed.Value.StartsWith("Now listening", StringComparison.Ordinal), "The unseen-data track was not completed:\n" + second.Output);
        await DemoStart.ServingAsync(second, url2);
        Assert.Contains("Demo seed: supernet/baseline made", second.Output);
        // The accounts were shown by the first start; they still work and are not printed again.
        Assert.DoesNotContain("Accounts (", second.Output);
        using (await DemoStart.SignInAsync(url2, accounts["participant"]))
        {
        }

        // The command the first start named for lost passwords gives new ones; the old ones stop working.
        var reset = Regex.Match(first.Output, @"`(bash scripts/run\.sh reset-demo-passwords)`").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(reset), "The accounts block names no reset command:\n" + first.Output);
        await using var resetRun = clone.Run(reset);
        Assert.True(await resetRun.WaitForExitAsync(reset, DemoStart.Timeout) == 0, resetRun.Output);
        var renewed = await DemoStart.AccountsAsync(resetRun, TimeSpan.FromSeconds(10));
        using (await DemoStart.SignInAsync(url2, renewed["participant"]))
        {
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await DemoStart.TrySignInAsync(url2, accounts["participant"]));
    }

    [GeneratedRegex(@"^\s*\d+\s+Demo Team\s", RegexOptions.Multiline)]
    private static partial Regex RankedDemoTeam();

    // Or the server's first line: seeding comes before serving, so serving means the pause never came.
    [GeneratedRegex(@"Demo seeding paused after step 'supernet/phase'|Now listening on: ")]
    private static partial Regex PausedAfterSupernetPhase();

    // Or the server's first line: seeding comes before serving, so serving first means the track was not completed.
    [GeneratedRegex(@"Demo seed: unseen-data/baseline made|Now listening on: ")]
    private static partial Regex UnseenDataBaselineMade();
}
