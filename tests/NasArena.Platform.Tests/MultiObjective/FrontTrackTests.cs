using System.Net;
using System.Text;
using System.Text.Json;
using NasArena.MultiObjective;
using NasArena.MultiObjective.Kind;
using NasArena.MultiObjective.Spaces;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.MultiObjective;

/// <summary>
/// Issue 24, items 2-3: a hardware-aware multi-objective track set up through the API on the demo benchmark table; a
/// front goes up by REST and by the CLI, is scored by the platform (the figures are the scorer library's own, to the last
/// digit), ranked by hypervolume, and hostile fronts are refused at upload with the line and the fault. Both stacks.
/// </summary>
public abstract class FrontTrackTests(PlatformHost host)
{
    static readonly string TablePath = Path.Combine(TestServers.RepoRoot, "data", "supernet-demo", "benchmark.json");

    sealed record Track(ApiClient Organizer, ApiClient Participant, string Slug, Guid PhaseId);

    async Task<Track> CreateAsync()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "mo-organizer");
        var participant = await Scenario.NewUserAsync(host, "mo-participant");
        var slug = "mo-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Fronts", description = Scenario.Description, rules = "Be fair." }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "fronts",
            title = "Fronts",
            kind = "HardwareMultiObjective",
            settings = new { space = "demo", cost = "flops", maxArchitectures = 4 },
        }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "fronts", MultiObjectiveKind.Hypervolume);
        await ApiClient.ExpectAsync(await organizer.UploadAssetAsync(phaseId, MultiObjectiveKind.BenchmarkTable, "benchmark.json", File.ReadAllBytes(TablePath)), HttpStatusCode.Created);
        await Scenario.PublishAsync(organizer, slug);
        await participant.PostJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        return new Track(organizer, participant, slug, phaseId);
    }

    static string[] Archs() => [.. JsonDocument.Parse(File.ReadAllText(TablePath)).RootElement.EnumerateObject().Select(p => p.Value.GetProperty("arch").GetString()!)];

    /// <summary>The scorer library's figure for a front, computed here without the platform.</summary>
    static double Hypervolume(IEnumerable<string> front)
    {
        var table = BenchmarkTable.Load(TablePath, ResNetSpace.Demo);
        var settings = FrontSettings.Parse(JsonDocument.Parse("""{"space": "demo", "cost": "flops", "maxArchitectures": 4}""").RootElement);
        var indices = front.Select(a => table.TryGetIndex(a, out var i) ? i : throw new InvalidOperationException(a)).ToList();
        return FrontScore.Compute(table, indices, settings, null).HypervolumeRatio;
    }

    [Fact]
    public async Task AFrontSubmittedByRestIsScoredByThePlatformAndRankedByHypervolume()
    {
        var t = await CreateAsync();
        var archs = Archs();
        string[] front = [archs[0], archs[4], archs[9]];
        var accepted = await ApiClient.ExpectAsync(await t.Participant.SubmitAsync(t.PhaseId, "front.json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(front))), HttpStatusCode.Accepted);
        var id = Guid.Parse(accepted["id"]!.GetValue<string>());

        var scored = await t.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());
        Assert.Equal(Hypervolume(front), scored["publicMetrics"]![MultiObjectiveKind.Hypervolume]!.GetValue<double>());
        Assert.NotNull(scored["publicMetrics"]![MultiObjectiveKind.Igd]);
        // The participant sees their own points, not the hidden table's true front (showTrueFront is off).
        var details = scored["details"]!;
        Assert.Equal(front, details["submitted"]!.AsArray().Select(p => p!["arch"]!.GetValue<string>()));
        Assert.Null(details["trueFront"]);

        var row = Assert.Single((await t.Participant.GetJsonAsync($"phases/{t.PhaseId}/leaderboard"))["rows"]!.AsArray());
        Assert.Equal(id.ToString(), row!["submissionId"]!.GetValue<string>());
        Assert.Equal(1, row["rank"]!.GetValue<int>());
    }

    [Fact]
    public async Task AFrontSubmittedByTheCliIsScoredWithItsHypervolume()
    {
        var t = await CreateAsync();
        var archs = Archs();
        var cli = CliSession.For(host, t.Participant);
        File.WriteAllText(cli.PathOf("front.csv"), $"arch\n{archs[1]}\n{archs[2]}\n{archs[12]}\n");
        var submit = await cli.RunAsync("submit", "--phase", $"{t.Slug}/fronts/stage-1", "--wait", "front.csv");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Scored", submit.Stdout);
        Assert.Contains("hypervolume=", submit.Stdout);
        var scored = await t.Participant.GetJsonAsync($"submissions/{CliSession.SubmissionId(submit)}");
        Assert.Equal(Hypervolume([archs[1], archs[2], archs[12]]), scored["publicMetrics"]![MultiObjectiveKind.Hypervolume]!.GetValue<double>());
    }

    [Theory]
    [InlineData("front.json", "[\"4-4-4-8-8-24-32\",\n \"4-4-4-8-8-24-99\"]", "line 2: '4-4-4-8-8-24-99' is not an architecture of the demo space")]
    [InlineData("front.json", "[\"4-4-4-8-8-24-32\",\n \"4-4-4-8-8-24-32\"]", "line 2: '4-4-4-8-8-24-32' is a duplicate of line 1")]
    [InlineData("front.csv", "a\nb\nc\nd\ne\n", "The front holds 5 architectures; this track takes at most 4.")]
    [InlineData("front.json", "[]", "The front is empty")]
    [InlineData("front.json", "[\"4-4-4-8-8-24-32\",", "The front is not valid JSON: line 1")]
    public async Task AHostileFrontIsRefusedAtUploadWithTheLineAndNoQuotaSpent(string name, string content, string expected)
    {
        var t = await CreateAsync();
        var problem = await ApiClient.ExpectAsync(await t.Participant.SubmitAsync(t.PhaseId, name, Encoding.UTF8.GetBytes(content)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(expected, problem["detail"]!.GetValue<string>());
        Assert.Empty((await t.Participant.GetJsonAsync($"phases/{t.PhaseId}/leaderboard"))["rows"]!.AsArray());
    }

    [Fact]
    public async Task ATrackSettingTheKindRefusesIsRefusedWhenSavedNamingTheKey()
    {
        var t = await CreateAsync();
        var problem = await ApiClient.ExpectAsync(await t.Organizer.PostAsync($"competitions/{t.Slug}/tracks",
            new { slug = "bad", title = "Bad", kind = "HardwareMultiObjective", settings = new { cost = "energy" } }), HttpStatusCode.BadRequest);
        Assert.Contains("Track setting 'cost' is \"energy\"; expected \"params\", \"flops\" or \"latency\".", problem["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FrontTrackOnSqliteAndDisk(SqliteDiskHost fixture) : FrontTrackTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class FrontTrackOnPostgresAndS3(PostgresS3Host fixture) : FrontTrackTests(fixture.Host);
