using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Cli;

/// <summary>The Python client's "submit --debug" (issue 25 item 5, ADR 0044): the same debug run as the submit panel's switch.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DebugRunCliTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task SubmitWithDebugStartsADebugRunUnderTheDebugQuotaThatNoBoardShowsAndWithoutItARankedOne()
    {
        var s = await Scenario.CreateAsync(_host);
        var cli = CliSession.For(_host, s.Participant);
        File.WriteAllBytes(cli.PathOf("p.csv"), s.PredictionCsv(0.01));

        // Off until the organizers turn debug runs on: the server's words reach the participant.
        var off = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "--debug", "p.csv");
        Assert.Equal(1, off.ExitCode);
        Assert.Contains("takes no debug runs", off.Stderr);

        await ApiClient.ExpectAsync(await s.Organizer.Http.PostAsync($"phases/{s.PhaseId}/assets", ApiClient.Multipart("debug.json",
            Scenario.QuerySetJson(s.QuerySet), new Dictionary<string, string> { ["kind"] = "query-set", ["debug"] = "true" })), HttpStatusCode.Created);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 1 }), HttpStatusCode.OK);

        var debug = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "--debug", "--wait", "p.csv");
        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains("1 of 1 debug runs left today (UTC) before this one", debug.Stderr);
        Assert.Contains("debug split", debug.Stderr); // the debug runs' rule, as the panel shows it
        Assert.Contains("(debug run: never ranked)", debug.Stdout);
        var id = CliSession.SubmissionId(debug);
        var read = await s.Participant.GetJsonAsync($"submissions/{id}");
        Assert.True(read["isDebug"]!.GetValue<bool>());
        Assert.Equal("Scored", read["status"]!.GetValue<string>());
        Assert.Empty((await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=public"))["rows"]!.AsArray());

        // The debug quota is spent; the same file without --debug is an ordinary ranked submission, its quota untouched
        // (and the unfinished-upload memory keeps the two apart).
        var spent = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "--debug", "p.csv");
        Assert.Equal(1, spent.ExitCode);
        Assert.Contains("used all 1 debug runs for today", spent.Stderr);
        var ranked = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "--wait", "p.csv");
        Assert.True(ranked.ExitCode == 0, ranked.ToString());
        Assert.DoesNotContain("debug", ranked.Stdout + ranked.Stderr);
        Assert.False((await s.Participant.GetJsonAsync($"submissions/{CliSession.SubmissionId(ranked)}"))["isDebug"]!.GetValue<bool>());
        Assert.Single((await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=public"))["rows"]!.AsArray());
    }
}
