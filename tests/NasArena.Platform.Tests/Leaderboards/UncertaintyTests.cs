using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Tests.Leaderboards;

/// <summary>Intervals, tie groups and pairwise comparisons end to end (issue 14, ADR 0018). Runs on both stacks.</summary>
public abstract class UncertaintyTests(PlatformHost host)
{
    private static async Task<Guid> SubmitAsync(ApiClient client, Guid phaseId, byte[] csv)
    {
        var id = Guid.Parse((await ApiClient.ExpectAsync(await client.SubmitAsync(phaseId, "p.csv", csv), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var final = await client.WaitForFinalAsync(id);
        Assert.Equal("Scored", final["status"]!.GetValue<string>());
        return id;
    }

    private static async Task<ApiClient> RivalAsync(PlatformHost host, Scenario s, string team)
    {
        var rival = await Scenario.NewUserAsync(host, team);
        await rival.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = team }, HttpStatusCode.Created);
        return rival;
    }

    /// <summary>The interval recomputed here from the file and the query set with the phase's documented seed.</summary>
    private static Interval Expected(Scenario s, byte[] csv)
    {
        var predicted = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l.Split(',')[0], l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture));
        var pub = s.QuerySet.Where(q => !q.Private).ToList();
        var items = new ScoredItems(pub.Select(q => predicted[q.Id]).ToArray(), pub.Select(q => q.Acc).ToArray());
        var seed = ResampleIndices.SeedOf($"nasarena/bootstrap/v1/{s.PhaseId:D}/public");
        return Bootstrap.IntervalOf(Bootstrap.Replicates(MetricCatalog.KendallTau, items, seed, 1000))!.Value;
    }

    [Fact]
    public async Task EveryEntryShowsItsStoredIntervalAndEntriesTheLeaderDoesNotClearlyBeatAreTiedWithRankOne()
    {
        var s = await Scenario.CreateAsync(host);
        var good = s.PredictionCsv(noise: 0.002, seed: 4);
        var leader = await SubmitAsync(s.Participant, s.PhaseId, good);
        var twin = await SubmitAsync(await RivalAsync(host, s, "Twins"), s.PhaseId, good);
        var poor = await SubmitAsync(await RivalAsync(host, s, "Noisy"), s.PhaseId, s.PredictionCsv(noise: 0.2, seed: 9));

        var board = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        var rows = board["rows"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal([leader, twin, poor], rows.Select(r => Guid.Parse(r["submissionId"]!.GetValue<string>())));
        var expected = Expected(s, good);
        Assert.Equal(expected.Low, rows[0]["low"]!.GetValue<double>());
        Assert.Equal(expected.High, rows[0]["high"]!.GetValue<double>());
        Assert.True(rows[2]["high"]!.GetValue<double>() < rows[0]["low"]!.GetValue<double>(), board.ToJsonString());
        Assert.Equal([1, 1, 2], rows.Select(r => r["tieGroup"]!.GetValue<int>()));
        Assert.Equal([false, true, false], rows.Select(r => r["tiedWithLeader"]!.GetValue<bool>()));
        Assert.Equal(1000, board["uncertainty"]!["resamples"]!.GetValue<int>());
        Assert.Equal(0.95, board["uncertainty"]!["tieLevel"]!.GetValue<double>());

        var clear = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={leader}&b={poor}");
        Assert.Equal(1.0, clear["aShare"]!.GetValue<double>());
        Assert.True(clear["distinguishable"]!.GetValue<bool>());
        var tied = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={leader}&b={twin}");
        Assert.Equal(1000, tied["equal"]!.GetValue<int>());
        Assert.False(tied["distinguishable"]!.GetValue<bool>());
        Assert.StartsWith("Statistically tied", tied["verdict"]!.GetValue<string>());

        // A rescore draws the same resamples: the same interval, to the last digit.
        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{leader}/rescore", null), HttpStatusCode.OK);
        await s.Participant.WaitForFinalAsync(leader);
        var again = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard"))["rows"]!.AsArray()
            .Single(r => r!["submissionId"]!.GetValue<string>() == leader.ToString())!;
        Assert.Equal(expected.Low, again["low"]!.GetValue<double>());
        Assert.Equal(expected.High, again["high"]!.GetValue<double>());
    }

    [Fact]
    public async Task OrganizersCanHideUncertaintyFromParticipantsAndStillSeeItThemselves()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.01));
        var other = await SubmitAsync(await RivalAsync(host, s, "Others"), s.PhaseId, s.PredictionCsv(noise: 0.02, seed: 2));
        var phase = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}");
        Assert.True(phase["showUncertainty"]!.GetValue<bool>());

        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}", new
        {
            slug = "stage-1",
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            primaryMetric = "kendall_tau",
            showUncertainty = false,
            tieLevel = 0.9,
        }), HttpStatusCode.OK);

        var hidden = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Null(hidden["uncertainty"]);
        Assert.All(hidden["rows"]!.AsArray(), r => { Assert.Null(r!["low"]); Assert.Null(r["tieGroup"]); });
        await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={id}&b={other}", HttpStatusCode.Forbidden);

        var shown = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Equal(0.9, shown["uncertainty"]!["tieLevel"]!.GetValue<double>());
        Assert.All(shown["rows"]!.AsArray(), r => Assert.NotNull(r!["low"]));
        var compared = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={id}&b={other}");
        Assert.Equal(1000, compared["resamples"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadComparisonsAndTieLevelsAreRefusedWithAClearReason()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.01));
        var missing = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={id}", HttpStatusCode.BadRequest);
        Assert.Contains("?a=...&b=...", missing["detail"]!.GetValue<string>());
        var unknown = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard/compare?a={id}&b={Guid.NewGuid()}", HttpStatusCode.NotFound);
        Assert.Contains("is not an entry of this board", unknown["detail"]!.GetValue<string>());
        var level = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}", new
        {
            slug = "stage-1",
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            primaryMetric = "kendall_tau",
            tieLevel = 1.5,
        }), HttpStatusCode.BadRequest);
        Assert.Contains("'tieLevel'", level["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UncertaintyOnSqliteAndDisk(SqliteDiskHost fixture) : UncertaintyTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class UncertaintyOnPostgresAndS3(PostgresS3Host fixture) : UncertaintyTests(fixture.Host);
