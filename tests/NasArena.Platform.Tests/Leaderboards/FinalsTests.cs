using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Leaderboards;

/// <summary>
/// Issue 25 items 1-3 through the REST API (ADRs 0040-0042): final picks decide the private board, the public board freezes
/// and the private one is revealed, and the public board may rank by another metric. Runs on both stacks. The attacks on
/// these features are in NasArena.Attacks.Tests (Scores.FinalsAttacks).
/// </summary>
public abstract class FinalsTests(PlatformHost host)
{
    public static async Task<Guid> SubmitAsync(ApiClient client, Guid phaseId, byte[] csv)
    {
        var id = Guid.Parse((await ApiClient.ExpectAsync(await client.SubmitAsync(phaseId, "p.csv", csv), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await client.WaitForFinalAsync(id))["status"]!.GetValue<string>());
        return id;
    }

    public static async Task<ApiClient> RivalAsync(PlatformHost host, Scenario s, string team)
    {
        var rival = await Scenario.NewUserAsync(host, team);
        await rival.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = team }, HttpStatusCode.Created);
        return rival;
    }

    public static async Task<JsonNode> FinalsAsync(Scenario s, object body) =>
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/finals", body), HttpStatusCode.OK);

    public static List<Guid> Ids(JsonNode board) => board["rows"]!.AsArray().Select(r => Guid.Parse(r!["submissionId"]!.GetValue<string>())).ToList();

    private static double Metric(JsonNode submission, string board, string metric) => submission[board]![metric]!.GetValue<double>();

    [Fact]
    public async Task ThePrivateBoardRanksOnlyEachTeamsPicksAndATeamThatPickedNothingIsJudgedOnItsBestPublicN()
    {
        var s = await Scenario.CreateAsync(host);
        await FinalsAsync(s, new { finalPicks = 1 });
        var good = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.002, seed: 3));
        var poor = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.3, seed: 5));
        var rival = await RivalAsync(host, s, "Rivals");
        var rivalGood = await SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.01, seed: 7));
        var rivalPoor = await SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.4, seed: 8));

        // Nobody picked: each team's best public one counts (Kaggle's default).
        var mine = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/final-picks");
        Assert.True(mine["defaulted"]!.GetValue<bool>());
        Assert.Equal([good], mine["counted"]!.AsArray().Select(x => Guid.Parse(x!.GetValue<string>())));
        var before = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private");
        Assert.True(before["picksOnly"]!.GetValue<bool>());
        Assert.Equal([good, rivalGood], Ids(before));

        // The participant picks its poor one: the private board ranks that, and the rival's default, in private order.
        var picked = await s.Participant.PostJsonAsync($"submissions/{poor}/final-pick", null, HttpStatusCode.OK);
        Assert.Equal([poor], picked["picked"]!.AsArray().Select(x => Guid.Parse(x!.GetValue<string>())));
        Assert.False(picked["defaulted"]!.GetValue<bool>());
        var after = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private");
        Assert.Equal([rivalGood, poor], Ids(after));
        var poorRow = after["rows"]!.AsArray().Single(r => r!["submissionId"]!.GetValue<string>() == poor.ToString())!;
        Assert.Equal(Metric(await s.Organizer.GetJsonAsync($"submissions/{poor}"), "privateMetrics", "kendall_tau"), poorRow["primary"]!.GetValue<double>());
        // The public board still ranks every entry: the good one leads there.
        Assert.Equal([good, rivalGood], Ids(await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard")));

        // Unpicked, the default comes back.
        var unpicked = await ApiClient.ExpectAsync(await s.Participant.Http.DeleteAsync($"submissions/{poor}/final-pick"), HttpStatusCode.OK);
        Assert.Empty(unpicked["picked"]!.AsArray());
        Assert.Equal([good, rivalGood], Ids(await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private")));
        Assert.DoesNotContain(rivalPoor, Ids(await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private")));
    }

    [Fact]
    public async Task AFrozenPublicBoardKeepsWhatWasSubmittedBeforeTheFreezeWhileTheOrganizersAndTheSubmitterSeeTheNewScore()
    {
        var s = await Scenario.CreateAsync(host);
        var rival = await RivalAsync(host, s, "Latecomers");
        var early = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.1, seed: 2));
        var frozenAt = DateTimeOffset.UtcNow;
        var view = await FinalsAsync(s, new { freezesAt = frozenAt });
        Assert.True(view["frozen"]!.GetValue<bool>());
        var late = await SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.001, seed: 4));

        var seen = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Equal([early], Ids(seen));
        Assert.Equal(frozenAt.UtcDateTime, seen["frozenSince"]!.GetValue<DateTimeOffset>().UtcDateTime, TimeSpan.FromMilliseconds(1));
        // The latecomer itself still submits and reads its own score; the board does not move for it either.
        Assert.True(Metric(await rival.GetJsonAsync($"submissions/{late}"), "publicMetrics", "kendall_tau") > 0.9);
        Assert.Equal([early], Ids(await rival.GetJsonAsync($"phases/{s.PhaseId}/leaderboard")));
        // The organizers see the live board.
        var live = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Equal([late, early], Ids(live));
        Assert.Null(live["frozenSince"]);
    }

    [Fact]
    public async Task ThePrivateBoardIsRevealedByTheOrganizersButtonOrAtItsSetTime()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.05));
        await ApiClient.ExpectAsync(await s.Participant.Http.GetAsync($"phases/{s.PhaseId}/final-standings"), HttpStatusCode.Forbidden);

        var revealed = await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/reveal", null, HttpStatusCode.OK);
        Assert.True(revealed["revealed"]!.GetValue<bool>());
        var standings = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/final-standings");
        var row = standings["rows"]!.AsArray().Single()!;
        Assert.Equal(id, Guid.Parse(row["submissionId"]!.GetValue<string>()));
        Assert.True(row["winner"]!.GetValue<bool>());
        Assert.Equal(1, row["rank"]!.GetValue<int>());
        Assert.NotNull(row["low"]);
        Assert.NotNull((await s.Participant.GetJsonAsync($"submissions/{id}"))["privateMetrics"]);

        // A second phase-like set-up, revealed by time: a phase that ended, its reveal time passed, nobody pressed anything.
        var t = await Scenario.CreateAsync(host);
        var tid = await SubmitAsync(t.Participant, t.PhaseId, t.PredictionCsv(noise: 0.05));
        var now = DateTimeOffset.UtcNow;
        await ApiClient.ExpectAsync(await t.Organizer.PutAsync($"phases/{t.PhaseId}", new
        {
            title = "Stage 1",
            startsAt = now.AddDays(-2),
            endsAt = now.AddSeconds(-2),
            primaryMetric = "kendall_tau",
        }), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await t.Participant.Http.GetAsync($"phases/{t.PhaseId}/leaderboard?board=private"), HttpStatusCode.Forbidden);
        var timed = await FinalsAsync(t, new { revealsAt = now.AddSeconds(-1) });
        Assert.True(timed["revealed"]!.GetValue<bool>());
        Assert.Equal([tid], Ids(await t.Participant.GetJsonAsync($"phases/{t.PhaseId}/leaderboard?board=private")));
    }

    [Fact]
    public async Task ThePublicBoardMayRankByAnotherMetricThanThePrivateAndSaysWhich()
    {
        var s = await Scenario.CreateAsync(host);
        var rival = await RivalAsync(host, s, "Spearmen");
        var a = await SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.05, seed: 11));
        var b = await SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.05, seed: 12));
        var view = await FinalsAsync(s, new { publicMetric = "pearson_r", splitBoards = true });
        Assert.StartsWith("pearson_r (higher is better) over the hidden set's public split", view["publicBoard"]!.GetValue<string>());
        Assert.StartsWith("kendall_tau (higher is better) over the hidden set's private split", view["privateBoard"]!.GetValue<string>());

        var pub = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        Assert.Equal("pearson_r", pub["primaryMetric"]!.GetValue<string>());
        // Ordered by each submission's own public pearson_r (scored against scipy in the scorer's tests), not by kendall_tau.
        var values = new Dictionary<Guid, double>();
        foreach (var id in new[] { a, b }) values[id] = Metric(await s.Organizer.GetJsonAsync($"submissions/{id}"), "publicMetrics", "pearson_r");
        Assert.Equal(values.OrderByDescending(kv => kv.Value).Select(kv => kv.Key), Ids(pub));
        foreach (var row in pub["rows"]!.AsArray())
            Assert.Equal(values[Guid.Parse(row!["submissionId"]!.GetValue<string>())], row["primary"]!.GetValue<double>());
        // Intervals are of the primary metric: the public board ranked by another shows none rather than the wrong ones.
        Assert.Null(pub["uncertainty"]);
        var priv = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private");
        Assert.Equal("kendall_tau", priv["primaryMetric"]!.GetValue<string>());
        Assert.NotNull(priv["uncertainty"]);
    }

    [Fact]
    public async Task ThePublishCheckRefusesAPublicBoardIdenticalToThePrivateWhenTheOrganizerAskedForASplit()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "splitter");
        var slug = "split-" + Guid.NewGuid().ToString("N")[..8];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Split", description = "d", rules = "r" }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new { slug = "unseen", title = "Unseen", kind = "UnseenData" }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "unseen", "score");
        async Task<List<string>> BlocksAsync() => (await organizer.GetJsonAsync($"competitions/{slug}/publish-check")).AsArray()
            .Where(i => i!["blocks"]!.GetValue<bool>()).Select(i => i!["text"]!.GetValue<string>()).ToList();
        const string identical = "asks for a public board that differs from the private one";

        Assert.DoesNotContain(await BlocksAsync(), t => t.Contains(identical));
        await ApiClient.ExpectAsync(await organizer.PutAsync($"phases/{phaseId}/finals", new { splitBoards = true }), HttpStatusCode.OK);
        var blocks = await BlocksAsync();
        Assert.Contains(blocks, t => t.Contains(identical) && t.Contains("'score'") && t.Contains("privateTestFraction"));
        var refused = await ApiClient.ExpectAsync(await organizer.PostAsync($"competitions/{slug}/publish", null), HttpStatusCode.BadRequest);
        Assert.Contains(identical, refused.ToJsonString());

        // Splitting the items answers it (the unseen-data kind has one metric, so the items are its only way).
        await ApiClient.ExpectAsync(await organizer.PutAsync($"competitions/{slug}/tracks/unseen", new
        {
            title = "Unseen",
            kind = "UnseenData",
            settings = new { privateTestFraction = 0.5 },
        }), HttpStatusCode.OK);
        Assert.DoesNotContain(await BlocksAsync(), t => t.Contains(identical));
        var view = await organizer.GetJsonAsync($"phases/{phaseId}/finals");
        Assert.Contains("the public part of the data sets' test items", view["publicBoard"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadFinalSettingsAreRefusedNamingTheKey()
    {
        var s = await Scenario.CreateAsync(host);
        async Task<string> RefusedAsync(object body) => (await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/finals", body),
            HttpStatusCode.BadRequest))["detail"]!.GetValue<string>();
        Assert.Contains("'finalPicks'", await RefusedAsync(new { finalPicks = 0 }));
        Assert.Contains("'freezesAt'", await RefusedAsync(new { freezesAt = DateTimeOffset.UtcNow.AddDays(90) }));
        Assert.Contains("'revealsAt'", await RefusedAsync(new { revealsAt = DateTimeOffset.UtcNow }));
        Assert.Contains("'publicMetric' must be one of", await RefusedAsync(new { publicMetric = "accuracy" }));
        await ApiClient.ExpectAsync(await s.Participant.PutAsync($"phases/{s.PhaseId}/finals", new { finalPicks = 2 }), HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FinalsOnSqliteAndDisk(SqliteDiskHost fixture) : FinalsTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class FinalsOnPostgresAndS3(PostgresS3Host fixture) : FinalsTests(fixture.Host);
