using System.Globalization;
using System.Net;
using System.Text;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>
/// GET /submissions/{id}/pairs: predicted against true accuracy per architecture, for organizers only (the true accuracies
/// are the hidden labels). The same service draws the submission page's scatter. Runs on both stacks.
/// </summary>
public abstract class PredictionPairsTests(PlatformHost host)
{
    [Fact]
    public async Task AnOrganizerGetsEveryArchitecturesPredictionBesideItsTrueAccuracyInTheQuerySetsOrder()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01, seed: 7);
        var id = await SubmitAsync(s, file);

        var pairs = (await s.Organizer.GetJsonAsync($"submissions/{id}/pairs")).AsArray();

        // The reference is read here from the bytes sent and the query set the scenario uploaded; the server parses the
        // stored copy. Both go through the shortest round-trip text ("R"), so the numbers must agree exactly.
        var sent = Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l.Split(',')[0], l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture));
        Assert.Equal(s.QuerySet.Count, pairs.Count);
        for (var i = 0; i < s.QuerySet.Count; i++)
        {
            var (archId, acc, isPrivate) = s.QuerySet[i];
            var pair = pairs[i]!;
            Assert.Equal(archId, pair["id"]!.GetValue<string>());
            Assert.Equal(sent[archId], pair["predicted"]!.GetValue<double>());
            Assert.Equal(acc, pair["true"]!.GetValue<double>());
            Assert.Equal(isPrivate, pair["isPrivate"]!.GetValue<bool>());
            Assert.Equal(sent[archId] - acc, pair["residual"]!.GetValue<double>());
        }
    }

    [Fact]
    public async Task TheTeamThatSubmittedAndEveryoneElseButOrganizersAreRefusedTheLabels()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await SubmitAsync(s, s.PredictionCsv(noise: 0.01));

        using var own = await s.Participant.Http.GetAsync($"submissions/{id}/pairs");
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.DoesNotContain(s.QuerySet[0].Id, await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await new ApiClient(host).Http.GetAsync($"submissions/{id}/pairs")).StatusCode);
        await ApiClient.ExpectAsync(await s.Organizer.Http.GetAsync($"submissions/{Guid.NewGuid()}/pairs"), HttpStatusCode.NotFound);
    }

    private static async Task<Guid> SubmitAsync(Scenario s, byte[] file)
    {
        var accepted = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "predictions.csv", file), HttpStatusCode.Accepted);
        var id = Guid.Parse(accepted["id"]!.GetValue<string>());
        await s.Participant.WaitForFinalAsync(id);
        return id;
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PredictionPairsOnSqliteAndDisk(SqliteDiskHost fixture) : PredictionPairsTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class PredictionPairsOnPostgresAndS3(PostgresS3Host fixture) : PredictionPairsTests(fixture.Host);
