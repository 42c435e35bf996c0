using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Leaderboards;

namespace NasArena.Platform.Tests.Cli;

/// <summary>The Python client's "picks" (issue 25 item 1): list, pick and unpick a team's final submissions, with the server's refusals.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FinalPicksCliTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task AParticipantPicksAndUnpicksFinalSubmissionsFromTheClientAndReadsTheServersRefusal()
    {
        var s = await Scenario.CreateAsync(_host);
        await FinalsTests.FinalsAsync(s, new { finalPicks = 1 });
        var best = await FinalsTests.SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.01));
        var other = await FinalsTests.SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.2, seed: 3));
        var cli = CliSession.For(_host, s.Participant);

        var list = await cli.RunAsync("picks", "list", "--phase", s.PhaseId.ToString());
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("picked 0 of 1", list.Stdout);
        Assert.Contains($"counted: {best} (best on the public board, nothing picked)", list.Stdout);

        var pick = await cli.RunAsync("picks", "pick", other.ToString());
        Assert.True(pick.ExitCode == 0, pick.ToString());
        Assert.Contains($"picked:  {other}", pick.Stdout);

        var refused = await cli.RunAsync("picks", "pick", best.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: 409: Your team has picked 1 of at most 1", refused.Stderr);

        var unpick = await cli.RunAsync("picks", "unpick", other.ToString());
        Assert.True(unpick.ExitCode == 0, unpick.ToString());
        Assert.Contains("picked 0 of 1", unpick.Stdout);

        // A frozen board says so in the client too.
        await FinalsTests.FinalsAsync(s, new { finalPicks = 1, freezesAt = DateTimeOffset.UtcNow });
        var board = await cli.RunAsync("leaderboard", "--phase", s.PhaseId.ToString());
        Assert.True(board.ExitCode == 0, board.ToString());
        Assert.Contains("frozen since ", board.Stdout);
    }
}
