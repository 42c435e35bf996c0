using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Supernet;

/// <summary>
/// Issue 3 end to end: an organizer sets up a supernet track through the API; a participant uploads a supernet written
/// by the starter kit with the Python client; it is scored in shards (shardSize 3 of 6 architectures) and ranked; bad checkpoints end with their reason.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SupernetTrackTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task AStarterKitSupernetUploadedWithTheClientIsScoredInShardsAndRanked()
    {
        var scenario = await SupernetScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        await StarterKit.WriteCheckpointsAsync(cli.Dir);

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--description", "untrained supernet", "--wait", "supernet.pt");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Scored", submit.Stdout);
        Assert.Matches(@"kendall_tau=-?[01]", submit.Stdout);

        var submission = await scenario.Participant.GetJsonAsync($"submissions/{CliSession.SubmissionId(submit)}");
        Assert.Equal("Scored", submission["status"]!.GetValue<string>());
        Assert.Equal(6, submission["progressTotal"]!.GetValue<int>());
        Assert.Equal(6, submission["progressDone"]!.GetValue<int>());
        // The timeline says where the time went: every shard queued, started, staged, scored and stored, in that order,
        // between the run's start and its end (issue 27).
        var timeline = submission["provenance"]!["timeline"]!.AsArray().Select(t => (Step: t!["step"]!.GetValue<string>(), Seconds: t["seconds"]!.GetValue<double>())).ToList();
        Assert.Equal(["uploaded", "queued", "started", "staged and cut into shards"], timeline.Take(4).Select(t => t.Step));
        Assert.Equal("finished", timeline[^1].Step);
        var shards = timeline.Where(t => t.Step.StartsWith("shard ", StringComparison.Ordinal)).GroupBy(t => t.Step[..t.Step.LastIndexOf(' ')]).ToList();
        Assert.True(shards.Count > 1, string.Join(", ", timeline));
        Assert.All(shards, g => Assert.Equal(["queued", "started", "staged", "scored", "stored"], g.Select(t => t.Step[(t.Step.LastIndexOf(' ') + 1)..])));
        Assert.Equal(timeline.OrderBy(t => t.Seconds).Select(t => t.Seconds), timeline.Select(t => t.Seconds));

        var board = await cli.RunAsync("leaderboard", "--phase", scenario.CliPhase);
        Assert.True(board.ExitCode == 0, board.ToString());
        Assert.Matches(@"(?m)^\s+1\s", board.Stdout);
    }

    [Fact]
    public async Task ASupernetWithANaNWeightEndsFailedNamingTheTensor()
    {
        var scenario = await SupernetScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        await StarterKit.WriteCheckpointsAsync(cli.Dir);

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "nan.safetensors");
        Assert.True(submit.ExitCode == 2, submit.ToString());
        Assert.Contains("Failed", submit.Stdout);
        Assert.Matches(@"reason:.*fc\.weight", submit.Stdout);
        Assert.Contains("NaN", submit.Stdout);
    }

    [Fact]
    public async Task APickleCarryingCodeIsRefusedNamingTheGlobalAndNeverRuns()
    {
        var scenario = await SupernetScenario.CreateAsync(_host);
        var cli = CliSession.For(_host, scenario.Participant);
        await StarterKit.WriteCheckpointsAsync(cli.Dir);
        File.Delete("/tmp/nasarena-pwned");

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "evil.pt");
        Assert.True(submit.ExitCode == 1, submit.ToString());
        Assert.Contains("system", submit.Stderr);
        Assert.False(File.Exists("/tmp/nasarena-pwned"), "The checkpoint's pickle ran code on the server.");
    }
}
