using System.Net;
using System.Text.Json;
using NasArena.MultiObjective.Kind;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Demo;

namespace NasArena.Platform.Tests.Cli;

/// <summary>
/// Issue 24, item 4: the demo's multi-objective track as its starter kit's README says: download the public table with
/// the CLI, search it with starter-kits/multi-objective/nsga2.py (numpy only), submit the front with the CLI, scored;
/// the organizers' baseline front is scored too.
/// </summary>
[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FrontStarterCliTests(DemoHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;
    private const string Phase = DemoSeeder.Slug + "/" + MultiObjectiveDemo.Track + "/pareto";

    [Fact]
    public async Task TheStarterScriptsFrontFromThePublicTableIsScoredOnTheDemoThroughTheCli()
    {
        using var participant = await Scenario.NewUserAsync(_host, "fronts");
        var cli = CliSession.For(_host, participant);
        var register = await participant.PostAsync($"competitions/{DemoSeeder.Slug}/registrations", new { acceptRules = true, teamName = "Fronts " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var download = await cli.RunAsync("download", "--phase", Phase, MultiObjectiveDemo.PublicTable, "-o", "public-table.json");
        Assert.True(download.ExitCode == 0, download.ToString());
        // The public table carries no hidden accuracy: 16 candidates, only the public half with "acc".
        var table = JsonDocument.Parse(File.ReadAllText(cli.PathOf("public-table.json"))).RootElement.EnumerateObject().ToList();
        Assert.Equal(16, table.Count);
        Assert.Equal(11, table.Count(e => e.Value.TryGetProperty("acc", out _)));

        var script = Path.Combine(TestServers.RepoRoot, "starter-kits", "multi-objective", "nsga2.py");
        var search = await Python.RunAsync(cli.Dir, null, script, "public-table.json", "--k", "6", "--out", "front.json");
        Assert.True(search.ExitCode == 0, search.ToString());
        var front = JsonSerializer.Deserialize<string[]>(File.ReadAllText(cli.PathOf("front.json")))!;
        Assert.InRange(front.Length, 1, 6);

        var submit = await cli.RunAsync("submit", "--phase", Phase, "--wait", "front.json");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Scored", submit.Stdout);
        var scored = await participant.GetJsonAsync($"submissions/{CliSession.SubmissionId(submit)}");
        Assert.InRange(scored["publicMetrics"]![MultiObjectiveKind.Hypervolume]!.GetValue<double>(), 0.5, 1.0);
    }
}
