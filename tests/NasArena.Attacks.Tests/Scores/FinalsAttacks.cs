using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Leaderboards;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Issue 25: what a participant could try against final picks, the freeze and the reveal (ADRs 0040, 0041). Each attack
/// through the REST API, and through the pages where a page shows the same thing.
/// </summary>
public abstract class FinalsAttacks(PlatformHost host)
{
    private static readonly HttpClient Anonymous = new();

    private async Task<(Scenario S, Guid Mine)> PicksScenarioAsync(int picks = 1)
    {
        var s = await Scenario.CreateAsync(host);
        await FinalsTests.FinalsAsync(s, new { finalPicks = picks });
        return (s, await FinalsTests.SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.05)));
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        (await ApiClient.ExpectAsync(response, expected))["detail"]!.GetValue<string>();

    private async Task<string> PageAsync(string path) => await Anonymous.GetStringAsync(new Uri(host.BaseAddress, path));

    [Fact]
    public async Task ATeamCannotPickAnotherTeamsSubmissionItIsNotFoundToIt()
    {
        var (s, _) = await PicksScenarioAsync();
        var rival = await FinalsTests.RivalAsync(host, s, "Pickers");
        var theirs = await FinalsTests.SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.3, seed: 6));

        Assert.Contains("no submission", await RefusedAsync(await s.Participant.PostAsync($"submissions/{theirs}/final-pick", null), HttpStatusCode.NotFound));
        Assert.Contains("no submission", await RefusedAsync(await s.Participant.Http.DeleteAsync($"submissions/{theirs}/final-pick"), HttpStatusCode.NotFound));
        // Nor may an organizer pick for a team.
        Assert.Contains("team's own", await RefusedAsync(await s.Organizer.PostAsync($"submissions/{theirs}/final-pick", null), HttpStatusCode.Forbidden));
        Assert.Empty((await rival.GetJsonAsync($"phases/{s.PhaseId}/final-picks"))["picked"]!.AsArray());
    }

    [Fact]
    public async Task ATeamCannotPickMoreThanThePhaseAllows()
    {
        var (s, first) = await PicksScenarioAsync(picks: 1);
        var second = await FinalsTests.SubmitAsync(s.Participant, s.PhaseId, s.PredictionCsv(noise: 0.2, seed: 9));
        await s.Participant.PostJsonAsync($"submissions/{first}/final-pick", null, HttpStatusCode.OK);

        var refused = await RefusedAsync(await s.Participant.PostAsync($"submissions/{second}/final-pick", null), HttpStatusCode.Conflict);
        Assert.Contains("picked 1 of at most 1", refused);
        // Picking the same one again changes nothing.
        var again = await s.Participant.PostJsonAsync($"submissions/{first}/final-pick", null, HttpStatusCode.OK);
        Assert.Equal([first.ToString()], again["picked"]!.AsArray().Select(x => x!.GetValue<string>()));
    }

    [Fact]
    public async Task ATeamCannotPickAFailedOrUnscoredSubmission()
    {
        // A bad file is refused at upload (422), so a failed submission is made as the platform fails one: its stored file
        // gone, rescored with a single attempt. While it waits for that rescore it is unscored too.
        var (s, bad) = await PicksScenarioAsync();
        var options = host.Get<JobOptions>();
        var max = options.MaxAttempts;
        options.MaxAttempts = 1;
        try
        {
            var artifact = await host.DbAsync(db => db.Submissions.Where(x => x.Id == bad).Select(x => x.Artifact!.ObjectKey).SingleAsync());
            await host.Get<IObjectStore>().DeleteAsync(artifact, CancellationToken.None);
            await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{bad}/rescore", null), HttpStatusCode.OK);
            Assert.Contains("Only a scored submission", await RefusedAsync(await s.Participant.PostAsync($"submissions/{bad}/final-pick", null), HttpStatusCode.Conflict));
            Assert.Equal("Failed", (await s.Participant.WaitForFinalAsync(bad))["status"]!.GetValue<string>());
        }
        finally
        {
            options.MaxAttempts = max;
        }
        Assert.Contains("is failed", await RefusedAsync(await s.Participant.PostAsync($"submissions/{bad}/final-pick", null), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ATeamCannotPickOrUnpickAfterThePhaseEnds()
    {
        var (s, mine) = await PicksScenarioAsync(picks: 2);
        await s.Participant.PostJsonAsync($"submissions/{mine}/final-pick", null, HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}", new
        {
            title = "Stage 1",
            startsAt = now.AddDays(-2),
            endsAt = now.AddSeconds(-1),
            primaryMetric = "kendall_tau",
        }), HttpStatusCode.OK);

        Assert.Contains("ended", await RefusedAsync(await s.Participant.Http.DeleteAsync($"submissions/{mine}/final-pick"), HttpStatusCode.Conflict));
        var view = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/final-picks");
        Assert.False(view["open"]!.GetValue<bool>());
        Assert.Equal([mine.ToString()], view["picked"]!.AsArray().Select(x => x!.GetValue<string>()));
        var picked = await host.DbAsync(db => db.Submissions.Where(x => x.Id == mine).Select(x => x.PickedAt).SingleAsync());
        Assert.NotNull(picked);
    }

    [Fact]
    public async Task NoParticipantReadsThePrivateBoardOrTheFinalStandingsBeforeTheRevealByApiOrPage()
    {
        var (s, mine) = await PicksScenarioAsync();
        var privateValue = (await s.Organizer.GetJsonAsync($"submissions/{mine}"))["privateMetrics"]!["kendall_tau"]!.GetValue<double>();
        var secret = JsonSerializer.Serialize(privateValue);

        var reads = await ParticipantReads.AllAsync(s.Participant, s.Slug, s.PhaseId, mine);
        Assert.DoesNotContain(secret, reads);
        await ApiClient.ExpectAsync(await s.Participant.Http.GetAsync($"phases/{s.PhaseId}/leaderboard?board=private"), HttpStatusCode.Forbidden);
        await ApiClient.ExpectAsync(await s.Participant.Http.GetAsync($"phases/{s.PhaseId}/final-standings"), HttpStatusCode.Forbidden);
        await ApiClient.ExpectAsync(await s.Participant.PostAsync($"phases/{s.PhaseId}/reveal", null), HttpStatusCode.Forbidden);
        var finalPage = await PageAsync($"/phases/{s.PhaseId}/final");
        Assert.Contains("not published yet", finalPage);
        Assert.DoesNotContain("<table", finalPage);
        var privatePage = await PageAsync($"/phases/{s.PhaseId}/leaderboard?board=private");
        Assert.Contains("not published yet", privatePage);

        // Once revealed, the same reads answer.
        await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/reveal", null, HttpStatusCode.OK);
        Assert.Contains("nasarena-winner", await PageAsync($"/phases/{s.PhaseId}/final"));
        await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/final-standings");
    }

    [Fact]
    public async Task NoParticipantReadsAnotherTeamsScoreSubmittedAfterTheFreezeByApiOrPage()
    {
        var (s, mine) = await PicksScenarioAsync();
        await FinalsTests.FinalsAsync(s, new { finalPicks = 1, freezesAt = DateTimeOffset.UtcNow });
        var rival = await FinalsTests.RivalAsync(host, s, "Latecomers" + Guid.NewGuid().ToString("N")[..6]);
        var late = await FinalsTests.SubmitAsync(rival, s.PhaseId, s.PredictionCsv(noise: 0.001, seed: 4));
        var lateView = await rival.GetJsonAsync($"submissions/{late}");
        var lateValue = JsonSerializer.Serialize(lateView["publicMetrics"]!["kendall_tau"]!.GetValue<double>());
        var team = lateView["teamName"]!.GetValue<string>();

        var reads = await ParticipantReads.AllAsync(s.Participant, s.Slug, s.PhaseId, mine);
        Assert.DoesNotContain(late.ToString(), reads);
        Assert.DoesNotContain(lateValue, reads);
        Assert.Contains("no submission", await RefusedAsync(await s.Participant.Http.GetAsync($"submissions/{late}"), HttpStatusCode.NotFound));
        Assert.Contains("not an entry", await RefusedAsync(await s.Participant.Http.GetAsync($"phases/{s.PhaseId}/leaderboard/compare?a={late}&b={mine}"),
            HttpStatusCode.NotFound));

        var page = await PageAsync($"/phases/{s.PhaseId}/leaderboard");
        Assert.Contains("nasarena-frozen", page);
        Assert.DoesNotContain(team, page);
        // The organizers' live board does have it: the test would see a leak.
        Assert.Contains(late, FinalsTests.Ids(await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard")));
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class FinalsAttacksOnSqlite(SqliteDiskHost fixture) : FinalsAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class FinalsAttacksOnPostgres(PostgresS3Host fixture) : FinalsAttacks(fixture.Host);
