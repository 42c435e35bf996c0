using System.Net;
using System.Text;
using System.Text.Json;
using NasArena.MultiObjective.Kind;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.MultiObjective;

/// <summary>
/// Issue 24 item 2, "a latency calibration on this machine's CPU queue produces a table whose provenance names the CPU":
/// the organizer's action times every architecture of the demo benchmark table on the cpu queue of this test host's
/// worker, the table is stored as the phase's latency-table asset, and a front scored with cost = latency names it.
/// No timing is asserted beyond "positive and finite" (a loaded 2-core machine decides the figures).
/// </summary>
public abstract class LatencyCalibrationTests(PlatformHost host)
{
    static readonly string TablePath = Path.Combine(TestServers.RepoRoot, "data", "supernet-demo", "benchmark.json");

    /// <summary>This machine's CPU, read here from /proc/cpuinfo independently of the calibrator.</summary>
    static string CpuModel() => File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name")).Split(':', 2)[1].Trim();

    static string[] Archs() => [.. JsonDocument.Parse(File.ReadAllText(TablePath)).RootElement.EnumerateObject().Select(p => p.Value.GetProperty("arch").GetString()!)];

    async Task<(ApiClient Organizer, string Slug, Guid PhaseId)> CreateAsync()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "lat-organizer");
        var slug = "lat-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Latency", description = Scenario.Description, rules = "Be fair." }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "fronts",
            title = "Fronts",
            kind = "HardwareMultiObjective",
            settings = new { space = "demo", cost = "latency", maxArchitectures = 4 },
        }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "fronts", MultiObjectiveKind.Hypervolume);
        return (organizer, slug, phaseId);
    }

    static async Task<JsonDocument> WaitForLatencyTableAsync(ApiClient organizer, Guid phaseId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var asset = (await organizer.GetJsonAsync($"phases/{phaseId}/assets")).AsArray()
                .FirstOrDefault(a => a!["kind"]!.GetValue<string>() == MultiObjectiveKind.LatencyTable);
            if (asset is not null)
            {
                var bytes = await organizer.Http.GetByteArrayAsync($"phases/{phaseId}/assets/{asset["id"]}/download");
                return JsonDocument.Parse(bytes);
            }
            Assert.True(DateTime.UtcNow < deadline, "No latency table 3 minutes after the calibration was asked for.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task ACalibrationOnTheCpuQueueStoresATableOfEveryArchitectureNamingThisCpuAndScoringUsesIt()
    {
        var (organizer, slug, phaseId) = await CreateAsync();
        await ApiClient.ExpectAsync(await organizer.UploadAssetAsync(phaseId, MultiObjectiveKind.BenchmarkTable, "benchmark.json", File.ReadAllBytes(TablePath)), HttpStatusCode.Created);
        var accepted = await organizer.PostJsonAsync($"phases/{phaseId}/assets/latency-calibrations", new { queue = "cpu", repeats = 3 }, HttpStatusCode.Accepted);
        Assert.Equal("cpu", accepted["queue"]!.GetValue<string>());

        using var table = await WaitForLatencyTableAsync(organizer, phaseId);
        var root = table.RootElement;
        var cpu = CpuModel();
        Assert.Contains(cpu, root.GetProperty("device").GetString());
        Assert.Equal(cpu, root.GetProperty("measured").GetProperty("cpuModel").GetString());
        Assert.Equal("cpu", root.GetProperty("measured").GetProperty("queue").GetString());
        Assert.Equal(3, root.GetProperty("measured").GetProperty("repeats").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("measured").GetProperty("torchSharp").GetString()));
        var archs = Archs();
        foreach (var key in new[] { "latencyMs", "latencyMsBatchN" })
        {
            var ms = root.GetProperty(key).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(archs.Order(StringComparer.Ordinal), ms.Keys.Order(StringComparer.Ordinal));
            Assert.All(ms.Values, v => Assert.True(double.IsFinite(v) && v > 0, $"{key}: {v}"));
        }
        var spread = root.GetProperty("spread").GetProperty(archs[0]).GetProperty("batch1");
        Assert.True(spread.GetProperty("Iqr").GetDouble() >= 0);

        // The stored table is what a latency-cost score uses, and the score says where it was measured.
        var participant = await Scenario.NewUserAsync(host, "lat-participant");
        await Scenario.PublishAsync(organizer, slug);
        await participant.PostJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        var submitted = await ApiClient.ExpectAsync(await participant.SubmitAsync(phaseId, "front.json",
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { archs[0], archs[5] }))), HttpStatusCode.Accepted);
        var scored = await participant.WaitForFinalAsync(Guid.Parse(submitted["id"]!.GetValue<string>()));
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());
        Assert.Equal(root.GetProperty("device").GetString(), scored["details"]!["latencyDevice"]!.GetValue<string>());
        Assert.Equal(1, scored["details"]!["latencyTableVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACalibrationIsRefusedForAnUnknownQueueTooManyRepeatsNoTableOrANonOrganizer()
    {
        var (organizer, _, phaseId) = await CreateAsync();
        var path = $"phases/{phaseId}/assets/latency-calibrations";
        var noTable = await ApiClient.ExpectAsync(await organizer.PostAsync(path, new { queue = "cpu" }), HttpStatusCode.Conflict);
        Assert.Contains("Upload the benchmark table", noTable["detail"]!.GetValue<string>());
        await ApiClient.ExpectAsync(await organizer.UploadAssetAsync(phaseId, MultiObjectiveKind.BenchmarkTable, "benchmark.json", File.ReadAllBytes(TablePath)), HttpStatusCode.Created);
        var queue = await ApiClient.ExpectAsync(await organizer.PostAsync(path, new { queue = "tpu" }), HttpStatusCode.BadRequest);
        Assert.Contains("'queue' is \"tpu\"; expected \"cpu\" or \"gpu\".", queue["detail"]!.GetValue<string>());
        var repeats = await ApiClient.ExpectAsync(await organizer.PostAsync(path, new { queue = "cpu", repeats = 100000 }), HttpStatusCode.BadRequest);
        Assert.Contains("'repeats' is 100000; expected a whole number from 1 to 200.", repeats["detail"]!.GetValue<string>());
        // Someone who signed up and does not organize this competition cannot make its workers time anything.
        var stranger = await Scenario.NewOrganizerAsync(host, "lat-stranger");
        var status = (await stranger.PostAsync(path, new { queue = "cpu" })).StatusCode;
        Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"a stranger got {status}");
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LatencyCalibrationOnSqliteAndDisk(SqliteDiskHost fixture) : LatencyCalibrationTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class LatencyCalibrationOnPostgresAndS3(PostgresS3Host fixture) : LatencyCalibrationTests(fixture.Host);
