using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Demo;

namespace NasArena.Platform.Tests.Supernet;

/// <summary>
/// A supernet track of the "demo" space set up through the API: a benchmark of 6 architectures (stand-alone accuracy
/// made up, growing with the widths, 2 of them private), Fashion-MNIST evaluation and calibration images, and a shard
/// size of 3 so every submission is scored in 2 shards.
/// </summary>
public sealed record SupernetScenario(ApiClient Organizer, ApiClient Participant, string Slug, Guid PhaseId)
{
    public const string PhasePath = "supernet/stage-1";
    public string CliPhase => $"{Slug}/{PhasePath}";

    public static readonly string[] Architectures =
        ["4-4-4-8-8-16-16", "8-8-8-16-16-32-32", "4-8-4-12-8-24-16", "8-4-8-8-16-16-32", "4-4-8-16-12-32-24", "8-8-4-12-12-24-32"];

    /// <param name="workerLater">The host validates no asset yet (a web process whose worker the test starts later): published
    /// without waiting for the check (<see cref="Scenario.PublishUncheckedAsync"/>).</param>
    public static async Task<SupernetScenario> CreateAsync(PlatformHost host, bool workerLater = false)
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var participant = await Scenario.NewUserAsync(host, "participant");
        var slug = "s-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Supernet test", description = Scenario.Description, rules = "Be fair." }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "supernet",
            title = "Supernet",
            kind = "Supernet",
            settings = new { space = "demo", bnCalibrationBatches = 1, batchSize = 128, threads = 1, shardSize = 3 },
        }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "supernet", "kendall_tau");
        var benchmark = new JsonObject();
        for (var i = 0; i < Architectures.Length; i++)
        {
            var acc = Architectures[i].Split('-').Sum(int.Parse) / 200.0;
            benchmark[$"arch{i + 1}"] = new JsonObject { ["arch"] = Architectures[i], ["acc"] = acc, ["split"] = i % 3 == 2 ? "private" : "public" };
        }
        foreach (var (kind, file, content) in new[]
        {
            ("benchmark", "benchmark.json", Encoding.UTF8.GetBytes(benchmark.ToJsonString())),
            ("eval-data", "eval-data.zip", FashionMnist.AssetZip("train", 50000, 256)),
            ("calibration-data", "calibration-data.zip", FashionMnist.AssetZip("train", 52000, 128)),
        })
        {
            await ApiClient.ExpectAsync(await organizer.UploadAssetAsync(phaseId, kind, file, content), HttpStatusCode.Created);
        }
        await (workerLater ? Scenario.PublishUncheckedAsync(host, slug) : Scenario.PublishAsync(organizer, slug));
        await participant.PostJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        return new SupernetScenario(organizer, participant, slug, phaseId);
    }
}
