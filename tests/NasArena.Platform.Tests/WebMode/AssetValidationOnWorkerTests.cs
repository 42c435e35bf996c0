using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Supernet;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.WebMode;

/// <summary>
/// A hidden asset the web process cannot check (mode web ships no supernet scorer) is stored pending, and a worker of the
/// track kind's queue checks it with the scorer: the good files end valid, a damaged one invalid with the scorer's reason,
/// which the pre-publish check then names.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AssetValidationOnWorkerTests
{
    [Fact]
    public async Task SupernetAssetsUploadedToTheWebArePendingUntilAWorkerFindsThemValidOrInvalidWithTheReason()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-assetcheck").FullName;
        var shared = StackSettings.SqliteDisk(dir);
        await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
        await using var web = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["NasArena:Mode"] = "web" });
        var scenario = await SupernetScenario.CreateAsync(web, workerLater: true);
        var organizer = scenario.Organizer;

        // A kind the supernet track does not take is refused by the web even without the scorer (the catalogue knows the kinds).
        var wrong = await organizer.UploadAssetAsync(scenario.PhaseId, "query-set", "q.json", Encoding.UTF8.GetBytes("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("takes hidden assets of kind 'benchmark', 'eval-data', 'calibration-data', not 'query-set'", await wrong.Content.ReadAsStringAsync());

        var damaged = await organizer.Http.PostAsync($"phases/{scenario.PhaseId}/assets", ApiClient.Multipart("broken.bin", Encoding.UTF8.GetBytes("not a data set"),
            new Dictionary<string, string> { ["kind"] = "eval-data", ["name"] = "broken" }));
        var created = await ApiClient.ExpectAsync(damaged, HttpStatusCode.Created);
        Assert.Equal("Pending", created["validation"]!.GetValue<string>());
        var listed = (await organizer.GetJsonAsync($"phases/{scenario.PhaseId}/assets")).AsArray();
        Assert.All(listed, a => Assert.Equal("Pending", a!["validation"]!.GetValue<string>()));
        var check = (await organizer.GetJsonAsync($"competitions/{scenario.Slug}/publish-check")).AsArray();
        Assert.Contains(check, i => i!["text"]!.GetValue<string>().Contains("'broken' is still being validated on a worker", StringComparison.Ordinal));

        await using var worker = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["Worker:Count"] = "2" });
        JsonArray assets;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do
        {
            await Task.Delay(500);
            assets = (await organizer.GetJsonAsync($"phases/{scenario.PhaseId}/assets")).AsArray();
        }
        while (assets.Any(a => a!["validation"]!.GetValue<string>() == "Pending") && DateTime.UtcNow < deadline);

        var broken = assets.Single(a => a!["name"]!.GetValue<string>() == "broken")!;
        Assert.Equal("Invalid", broken["validation"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(broken["validationMessage"]?.GetValue<string>()));
        Assert.All(assets.Where(a => a!["name"]!.GetValue<string>() != "broken"), a => Assert.True(a!["validation"]!.GetValue<string>() == "Valid", a.ToJsonString()));
        check = (await organizer.GetJsonAsync($"competitions/{scenario.Slug}/publish-check")).AsArray();
        Assert.Contains(check, i => i!["blocks"]!.GetValue<bool>() && i["text"]!.GetValue<string>().Contains("'broken' was refused by the scorer: " + broken["validationMessage"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
