using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Leaderboards;
using NasArena.Platform.Tests.Submissions;

namespace NasArena.Attacks.Tests.Debug;

/// <summary>
/// Issue 25, item 5 (ADR 0044): what a participant can get out of debug runs. The phase's debug split here is the
/// hidden query set's architectures with their accuracies in reverse order: a file of the true accuracies scores a
/// Kendall tau of +1 against the hidden data and -1 against the debug split, so a score tells which one a run read.
/// </summary>
public abstract class DebugRunAttacks(PlatformHost host)
{
    private readonly QuotaSteps _steps = new(host);

    private static readonly Dictionary<string, string> Debug = new() { ["debug"] = "true" };

    /// <summary>A phase taking <paramref name="daily"/> debug runs a day, with its reversed debug split uploaded.</summary>
    private async Task<Scenario> DebugScenarioAsync(int daily = 3, object? policy = null)
    {
        var s = await _steps.ScenarioAsync(daily: 5, policy ?? new { policy = "Count" });
        // The best architecture gets the worst accuracy, the second best the second worst, and so on.
        var byAcc = s.QuerySet.OrderBy(r => r.Acc).ToList();
        var reversed = byAcc.Select((row, k) => (row.Id, byAcc[byAcc.Count - 1 - k].Acc, row.Private)).ToList();
        await ApiClient.ExpectAsync(await s.Organizer.Http.PostAsync($"phases/{s.PhaseId}/assets", ApiClient.Multipart("debug.json",
            Scenario.QuerySetJson(reversed), new Dictionary<string, string> { ["kind"] = "query-set", ["debug"] = "true" })), HttpStatusCode.Created);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = daily, timeLimitSeconds = 60 }),
            HttpStatusCode.OK);
        return s;
    }

    private static async Task<JsonNode> DebugRunAsync(Scenario s, int seed = 1)
    {
        var sent = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0, seed), Debug), HttpStatusCode.Accepted);
        return await s.Participant.WaitForFinalAsync(Guid.Parse(sent["id"]!.GetValue<string>()));
    }

    private static double Tau(JsonNode submission) => submission["publicMetrics"]!["kendall_tau"]!.GetValue<double>();

    [Fact]
    public async Task ADebugRunIsScoredOnTheDebugSplitAndNeverReadsTheHiddenData()
    {
        var s = await DebugScenarioAsync();
        var debug = await DebugRunAsync(s);
        Assert.Equal("Scored", debug["status"]!.GetValue<string>());
        Assert.True(debug["isDebug"]!.GetValue<bool>());
        // Exact orders: tau is -1 against the reversed debug split (ties in the data's accuracies would move it off by
        // at most their share, so the bound is loose on purpose), +1 for the same file against the hidden data.
        Assert.True(Tau(debug) < -0.9, $"a debug run scored {Tau(debug)}: not against the reversed debug split");
        var ranked = await FinalsTests.SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(0));
        Assert.True(Tau(await s.Participant.GetJsonAsync($"submissions/{ranked}")) > 0.9);
        // Nor does its provenance (as the organizers read it, with the assets' names) name the hidden query set.
        var provenance = (await s.Organizer.GetJsonAsync($"submissions/{debug["id"]!.GetValue<string>()}"))["provenance"];
        var assets = provenance?["assets"]?.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.NotNull(assets);
        Assert.Equal(["debug-query-set"], assets);
    }

    [Fact]
    public async Task ADebugRunNeverAppearsOnAnyBoardExportOrStatistics()
    {
        var s = await DebugScenarioAsync();
        var debug = Guid.Parse((await DebugRunAsync(s))["id"]!.GetValue<string>());
        // Organizers read both boards before any reveal: neither has it.
        foreach (var board in new[] { "public", "private" })
        {
            var rows = (await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board={board}"))["rows"]!.AsArray();
            Assert.Empty(rows);
        }
        var exports = new[]
        {
            await s.Organizer.Http.GetStringAsync($"phases/{s.PhaseId}/leaderboard.csv"),
            await s.Organizer.Http.GetStringAsync($"competitions/{s.Slug}/submissions.csv"),
        };
        Assert.All(exports, csv => Assert.DoesNotContain(debug.ToString(), csv));
        Assert.Equal(0, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/statistics"))["submissions"]!.GetValue<int>());
        Assert.Equal(0, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions"))["total"]?.GetValue<int>() ?? 0);
        // The team still reads it among its own, with its score.
        var mine = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine")).AsArray();
        Assert.Contains(mine, m => m!["id"]!.GetValue<string>() == debug.ToString() && m["isDebug"]!.GetValue<bool>());
        // A phase rescore leaves it alone.
        Assert.Equal(0, (await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/submissions/rescore", null, HttpStatusCode.OK))["queued"]!.GetValue<int>());
    }

    [Fact]
    public async Task ADebugRunCannotExceedItsQuotaNorTouchTheSubmissionQuota()
    {
        // Under the Free policy a failed ranked submission is refunded; a failed debug run must not be.
        var s = await DebugScenarioAsync(daily: 2, new { policy = "Free" });
        var first = Guid.Parse((await DebugRunAsync(s))["id"]!.GetValue<string>());
        await _steps.FailAsync(s, first, QuotaSteps.ParticipantFault());
        await DebugRunAsync(s, seed: 2);
        var refused = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0), Debug), HttpStatusCode.TooManyRequests);
        Assert.Contains("used all 2 debug runs for today", refused["detail"]!.GetValue<string>());
        // The resumable protocol's start is refused the same, before a byte is sent.
        var start = await s.Participant.PostAsync($"phases/{s.PhaseId}/uploads", new { fileName = "p.csv", sizeBytes = 100, debug = true });
        Assert.Equal(HttpStatusCode.TooManyRequests, start.StatusCode);
        // The phase's own quota is untouched by either.
        Assert.Equal(5, (await QuotaSteps.QuotaAsync(s))["leftToday"]!.GetValue<int>());
    }

    [Fact]
    public async Task ADebugRunCannotBePickedAsAFinalSubmission()
    {
        var s = await DebugScenarioAsync();
        await FinalsTests.FinalsAsync(s, new { finalPicks = 2 });
        var debug = (await DebugRunAsync(s))["id"]!.GetValue<string>();
        var refused = await ApiClient.ExpectAsync(await s.Participant.PostAsync($"submissions/{debug}/final-pick", null), HttpStatusCode.Conflict);
        Assert.Contains("debug run cannot be picked", refused["detail"]!.GetValue<string>());
        Assert.Empty((await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/final-picks"))["picked"]!.AsArray());
    }

    [Fact]
    public async Task AParticipantCannotTurnDebugRunsOnNorRunOneWhereTheyAreOff()
    {
        var s = await _steps.ScenarioAsync(daily: 5, new { policy = "Count" });
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Participant.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 5 })).StatusCode);
        var off = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0), Debug), HttpStatusCode.BadRequest);
        Assert.Contains("takes no debug runs", off["detail"]!.GetValue<string>());
        // On, but without a debug split: refused rather than scored on anything else.
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 2 }), HttpStatusCode.OK);
        var noSplit = await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0), Debug);
        Assert.Contains("no debug split", (await ApiClient.ExpectAsync(noSplit, HttpStatusCode.ServiceUnavailable))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOrganizerCannotSetDebugRunsAboveTheOperatorsCeilings()
    {
        var s = await _steps.ScenarioAsync(daily: 5, new { policy = "Count" });
        var daily = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 11 }), HttpStatusCode.BadRequest);
        Assert.Contains("'dailyLimit' must be between 1 and 10", daily["detail"]!.GetValue<string>());
        var time = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 1, timeLimitSeconds = 301 }),
            HttpStatusCode.BadRequest);
        Assert.Contains("'timeLimitSeconds' must be between 1 and 300", time["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheDebugSplitIsDownloadableButTheHiddenDataStaysHidden()
    {
        var s = await DebugScenarioAsync();
        var assets = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/assets")).AsArray();
        var listed = Assert.Single(assets);
        Assert.Equal("debug-query-set", listed!["name"]!.GetValue<string>());
        Assert.True(listed["isDebug"]!.GetValue<bool>());
        // And a debug upload cannot take over the hidden asset by its name.
        var takeover = await s.Organizer.Http.PostAsync($"phases/{s.PhaseId}/assets", ApiClient.Multipart("q.json",
            Scenario.QuerySetJson(s.QuerySet), new Dictionary<string, string> { ["kind"] = "query-set", ["name"] = "query-set", ["debug"] = "true" }));
        Assert.Contains("under another 'name'", (await ApiClient.ExpectAsync(takeover, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class DebugRunAttacksOnSqliteAndDisk(SqliteDiskHost fixture) : DebugRunAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class DebugRunAttacksOnPostgresAndS3(PostgresS3Host fixture) : DebugRunAttacks(fixture.Host);
