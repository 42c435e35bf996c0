using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>
/// The rescore diff of a whole phase (issue 14, ADR 0022): three teams ranked by top-k precision, the track's top-k share
/// changed from 10 % to 2 % and the phase rescored (<see cref="TopKFlip"/>); the order flips and the diff says by how much
/// and why. Both stacks.
/// </summary>
public abstract class PhaseRescoreDiffTests(PlatformHost host)
{
    private static object Phase => new
    {
        slug = "stage-1",
        title = "Stage 1",
        startsAt = DateTimeOffset.UtcNow.AddDays(-1),
        endsAt = DateTimeOffset.UtcNow.AddDays(30),
        dailyLimit = 20,
        totalLimit = 100,
        primaryMetric = "top_k_precision",
    };

    private static Task<HttpResponseMessage> SetTopKAsync(Scenario s, double percent) => s.Organizer.PutAsync($"competitions/{s.Slug}/tracks/prediction",
        new { slug = "prediction", title = "Prediction", kind = "Predictor", settings = new { topKPercent = percent } });

    private static async Task<Dictionary<string, Guid>> SubmitThreeTeamsAsync(Scenario s)
    {
        var ids = new Dictionary<string, Guid>();
        foreach (var (team, order, _, _, _, _) in TopKFlip.Teams)
        {
            var member = await Scenario.NewUserAsync(s.Host, team.ToLowerInvariant());
            await member.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = team }, HttpStatusCode.Created);
            var sent = await ApiClient.ExpectAsync(await member.SubmitAsync(s.PhaseId, $"{team}.csv", TopKFlip.Csv(s.QuerySet, order)), HttpStatusCode.Accepted);
            ids[team] = Guid.Parse(sent["id"]!.GetValue<string>());
            Assert.Equal("Scored", (await member.WaitForFinalAsync(ids[team]))["status"]!.GetValue<string>());
        }
        return ids;
    }

    [Fact]
    public async Task ARescoreAfterATopKChangeShowsEachTeamsOldAndNewRankTheDeltasAndTheTrackSettingsAsTheCause()
    {
        var s = await Scenario.CreateAsync(host, Phase, register: false);
        await ApiClient.ExpectAsync(await SetTopKAsync(s, 10), HttpStatusCode.OK);
        var ids = await SubmitThreeTeamsAsync(s);
        var none = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores");
        Assert.Empty(none["rows"]!.AsArray());
        Assert.Equal(3, none["rankedTeams"]!.GetValue<int>());

        await ApiClient.ExpectAsync(await SetTopKAsync(s, 2), HttpStatusCode.OK);
        Assert.Equal(3, (await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/submissions/rescore", null, HttpStatusCode.OK))["queued"]!.GetValue<int>());
        foreach (var id in ids.Values)
        {
            await s.Organizer.WaitForFinalAsync(id);
        }

        var diff = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores");
        Assert.Equal(("top_k_precision", true, 0, 0), (diff["primaryMetric"]!.GetValue<string>(), diff["higherIsBetter"]!.GetValue<bool>(),
            diff["pending"]!.GetValue<int>(), diff["failedRescores"]!.GetValue<int>()));
        var rows = diff["rows"]!.AsArray().Select(r => r!).ToList();
        // In the new order: Alpha 3 -> 1, Charlie 1 -> 2, Bravo 2 -> 3.
        Assert.Equal(["Alpha", "Charlie", "Bravo"], rows.Select(r => r["teamName"]!.GetValue<string>()));
        var expected = new (string Team, double Old, double New, int Before, int After)[]
        {
            ("Alpha", 0.25, 1.0, 3, 1), ("Charlie", 0.875, 0.5, 1, 2), ("Bravo", 0.75, 0.0, 2, 3),
        };
        foreach (var (row, want) in rows.Zip(expected))
        {
            Assert.Equal(ids[want.Team], Guid.Parse(row["submissionId"]!.GetValue<string>()));
            var primary = row["primary"]!;
            Assert.Equal(want.Old, primary["old"]!.GetValue<double>(), 12);
            Assert.Equal(want.New, primary["new"]!.GetValue<double>(), 12);
            Assert.Equal(want.New - want.Old, primary["delta"]!.GetValue<double>(), 12);
            Assert.Equal((want.Before, want.After, want.Before - want.After), (row["rankBefore"]!.GetValue<int>(), row["rankAfter"]!.GetValue<int>(),
                row["rankChange"]!.GetValue<int>()));
            Assert.True(row["bestBefore"]!.GetValue<bool>() && row["bestAfter"]!.GetValue<bool>());
            Assert.Equal((0, 1), (row["fromRun"]!.GetValue<int>(), row["toRun"]!.GetValue<int>()));
            Assert.Equal(["trackSettings"], row["provenanceChanged"]!.AsArray().Select(c => c!.GetValue<string>()));
            // The other metrics are of the whole order, not of its top: unchanged by the share.
            Assert.Equal(0.0, row["metrics"]!["kendall_tau"]!["delta"]!.GetValue<double>());
            Assert.Equal(want.New, row["metrics"]!["top_k_precision"]!["new"]!.GetValue<double>(), 12);
        }

        // The live board agrees with the diff's "after".
        var board = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Equal(["Alpha", "Charlie", "Bravo"], board["rows"]!.AsArray().Select(r => r!["teamName"]!.GetValue<string>()));

        // The private board is the organizer's too; a board that does not exist is named.
        var privateDiff = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores?board=private");
        Assert.Equal("Private", privateDiff["board"]!.GetValue<string>());
        Assert.Equal(3, privateDiff["rows"]!.AsArray().Count);
        var bad = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores?board=secret", HttpStatusCode.BadRequest);
        Assert.Contains("'board' must be 'public' or 'private'", bad["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATeamLeftOutOfTheRescoreKeepsItsScoreOnBothBoardsAndAHiddenEntryIsOnNeither()
    {
        var s = await Scenario.CreateAsync(host, Phase, register: false);
        await ApiClient.ExpectAsync(await SetTopKAsync(s, 10), HttpStatusCode.OK);
        var ids = await SubmitThreeTeamsAsync(s);
        await ApiClient.ExpectAsync(await SetTopKAsync(s, 2), HttpStatusCode.OK);
        // Only Alpha is rescored: its 1.0 passes Charlie's 0.875 and Bravo's 0.75, both still scored at 10 %.
        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{ids["Alpha"]}/rescore", null), HttpStatusCode.OK);
        await s.Organizer.WaitForFinalAsync(ids["Alpha"]);
        var row = Assert.Single((await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores"))["rows"]!.AsArray())!;
        Assert.Equal(("Alpha", 3, 1, 2), (row["teamName"]!.GetValue<string>(), row["rankBefore"]!.GetValue<int>(),
            row["rankAfter"]!.GetValue<int>(), row["rankChange"]!.GetValue<int>()));

        // Hiding Charlie takes it off both boards: Alpha was 2nd before (0.25 behind Bravo's 0.75) and is 1st now.
        await ApiClient.ExpectAsync(await s.Organizer.Http.PatchAsync($"submissions/{ids["Charlie"]}/flags",
            JsonContent(new JsonObject { ["hidden"] = true })), HttpStatusCode.OK);
        var diff = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/rescores");
        row = Assert.Single(diff["rows"]!.AsArray())!;
        Assert.Equal((2, 2, 1), (diff["rankedTeams"]!.GetValue<int>(), row["rankBefore"]!.GetValue<int>(), row["rankAfter"]!.GetValue<int>()));
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PhaseRescoreDiffOnSqliteAndDisk(SqliteDiskHost fixture) : PhaseRescoreDiffTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class PhaseRescoreDiffOnPostgresAndS3(PostgresS3Host fixture) : PhaseRescoreDiffTests(fixture.Host);
