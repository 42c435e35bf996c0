using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Supernet;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.WebMode;

/// <summary>
/// Production split (ADR 0001): the web process in mode "web" hosts no supernet scorer. It takes the organizer's assets
/// and the participant's checkpoint unchecked, and a worker on the same database and storage (here an embedded host,
/// which runs the worker in-process) checks and scores the submissions: a good one ends Scored, a hostile one Failed with its reason.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HeavyTracksInWebModeTests
{
    [Fact]
    public async Task AWebProcessWithoutTheSupernetScorerAcceptsAssetsAndCheckpointsThatAWorkerScoresOrFails()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-webmode").FullName;
        var shared = StackSettings.SqliteDisk(dir);
        await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
        await using var web = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["NasArena:Mode"] = "web" });
        var scenario = await SupernetScenario.CreateAsync(web, workerLater: true);
        var cli = CliSession.For(web, scenario.Participant);
        await StarterKit.WriteCheckpointsAsync(cli.Dir);

        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "supernet.pt");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Queued", submit.Stdout);
        var id = CliSession.SubmissionId(submit);
        // Unchecked here: the pickle that calls os.system is only found by the worker, before anything loads it.
        var evil = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "evil.pt");
        Assert.True(evil.ExitCode == 0, evil.ToString());
        File.Delete("/tmp/nasarena-pwned");

        await using var worker = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["Worker:Count"] = "2" });
        var final = await scenario.Participant.WaitForFinalAsync(id, TimeSpan.FromMinutes(3));
        Assert.True(final["status"]!.GetValue<string>() == "Scored", final.ToJsonString());
        Assert.Equal(6, final["progressDone"]!.GetValue<int>());
        var failed = await scenario.Participant.WaitForFinalAsync(CliSession.SubmissionId(evil), TimeSpan.FromMinutes(3));
        Assert.True(failed["status"]!.GetValue<string>() == "Failed", failed.ToJsonString());
        Assert.Contains("system", failed["failureReason"]!.GetValue<string>());
        Assert.False(File.Exists("/tmp/nasarena-pwned"), "The checkpoint's pickle ran code on the worker.");
    }
}
