using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.UnseenData;

/// <summary>
/// Issue 25 item 5 end to end on the kind that runs participant code (ADR 0044): a debug run of an unseen-data package,
/// started with the Python client's --debug, runs on the debug split under the phase's short debug time limit, not the
/// track's, and ends Failed with a reason that names that limit; its log is shown although the track hides logs.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnseenDataDebugRunTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task ADebugRunOfAPackageThatSleepsIsStoppedByTheShortDebugLimitAndFailsNamingIt()
    {
        // The track gives each data set 120 s and hides logs; debug runs get 3 s.
        var scenario = await UnseenDataScenario.CreateAsync(_host, timeLimitSeconds: 120, phaseOverrides: new
        {
            slug = "stage-1",
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            dailyLimit = 20,
            totalLimit = 100,
            primaryMetric = "score",
            hideLogs = true,
        });
        var folder = await UnseenDataScenario.DatasetFolderAsync(chanceBenchmarks: false);
        var split = await scenario.Organizer.Http.PostAsync($"phases/{scenario.PhaseId}/assets", ApiClient.Multipart("fashion-groups.zip",
            await File.ReadAllBytesAsync(Path.Combine(folder, "fashion-groups.zip")),
            new Dictionary<string, string> { ["kind"] = "dataset", ["debug"] = "true" }));
        await ApiClient.ExpectAsync(split, HttpStatusCode.Created);
        var debugRuns = await ApiClient.ExpectAsync(await scenario.Organizer.PutAsync($"phases/{scenario.PhaseId}/debug-runs",
            new { dailyLimit = 2, timeLimitSeconds = 3 }), HttpStatusCode.OK);
        Assert.Equal(3, debugRuns["effectiveTimeLimitSeconds"]!.GetValue<double>());

        var cli = CliSession.For(_host, scenario.Participant);
        UnseenDataScenario.WritePackage(cli.PathOf("sleepy.zip"), "baseline", new Dictionary<string, string>
        {
            ["nas.py"] = """
                import time


                class NAS:
                    def __init__(self, train_loader, valid_loader, metadata):
                        self.metadata = metadata

                    def search(self):
                        print("searching slowly", flush=True)
                        time.sleep(600)
                """,
        });

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--debug", "--wait", "sleepy.zip");
        Assert.True(submit.ExitCode == 2, submit.ToString());
        Assert.Contains("(debug run: never ranked)", submit.Stdout);
        var id = CliSession.SubmissionId(submit);
        var run = await scenario.Participant.GetJsonAsync($"submissions/{id}");
        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.True(run["isDebug"]!.GetValue<bool>());
        var reason = run["failureReason"]!.GetValue<string>();
        // The debug limit (3 s), never the track's 120 s: the package would have slept through the latter too, but the
        // reason says which limit stopped it.
        // The sandbox's stop says "(limit 3 s, plus ... grace)", the harness's own check "time limit of 3 s".
        Assert.True(reason.Contains("Time limit", StringComparison.Ordinal)
            && (reason.Contains("(limit 3 s,", StringComparison.Ordinal) || reason.Contains("time limit of 3 s", StringComparison.Ordinal)), reason);
        Assert.DoesNotContain("120 s", reason);
        // The end of the log comes with the reason of a run that failed on every data set: shown to the team though the
        // phase hides logs (a ranked run's would be cut at the package's words), being its own output on the debug split.
        Assert.Contains("--- end of the log on ", reason);
        Assert.Contains("searching slowly", reason);
        Assert.Contains("Time limit", submit.Stdout);
        Assert.Contains("searching slowly", submit.Stdout);
        // And not on the board.
        Assert.Empty((await scenario.Organizer.GetJsonAsync($"phases/{scenario.PhaseId}/leaderboard?board=public"))["rows"]!.AsArray());
    }
}
