using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;
using NasArena.Platform.Storage;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Tests.Api;

/// <summary>The backbone end to end: upload, storage, background scoring, leaderboard. Runs on both stacks.</summary>
public abstract class SubmissionFlowTests(PlatformHost host)
{
    [Fact]
    public async Task APredictionIsStoredScoredAndRankedOnTheLeaderboard()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.004);
        var accepted = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "predictions.csv", file,
            new Dictionary<string, string> { ["description"] = "noisy truth" }), HttpStatusCode.Accepted);
        // Accepted and queued; an idle worker may have picked it up before the answer was read back (seen in CI), never failed.
        Assert.Contains(accepted["status"]!.GetValue<string>(), new[] { "Queued", "Running", "Scored" });
        var id = Guid.Parse(accepted["id"]!.GetValue<string>());

        var scored = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());

        // The score is the scorer library's own computation on the public split, to the last digit.
        var truth = s.QuerySet.Where(q => !q.Private).Select(q => q.Acc).ToArray();
        var lines = Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l.Split(',')[0], l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
        var predicted = s.QuerySet.Where(q => !q.Private).Select(q => lines[q.Id]).ToArray();
        Assert.Equal(KendallTau.TauB(predicted, truth), scored["publicMetrics"]!["kendall_tau"]!.GetValue<double>());
        Assert.Null(scored["privateMetrics"]);

        var board = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard");
        var row = Assert.Single(board["rows"]!.AsArray());
        Assert.Equal(1, row!["rank"]!.GetValue<int>());
        Assert.Equal(id.ToString(), row["submissionId"]!.GetValue<string>());
        Assert.Equal(1, row["entries"]!.GetValue<int>());

        // The file itself is in object storage, whole, with the hash recorded on the submission.
        var artifact = await host.DbAsync(db => db.Submissions.Where(x => x.Id == id).Select(x => x.Artifact!).SingleAsync());
        Assert.Equal(file.Length, artifact.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), artifact.Sha256);
        await using var stored = await host.Get<IObjectStore>().OpenReadAsync(artifact.ObjectKey, CancellationToken.None);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(file, copy.ToArray());
    }

    [Fact]
    public async Task TheBestSubmissionOfATeamCountsAndTiesGoToTheEarlierOne()
    {
        var s = await Scenario.CreateAsync(host);
        var worse = await Submit(s, s.PredictionCsv(noise: 0.02, seed: 3));
        var better = await Submit(s, s.PredictionCsv(noise: 0.001, seed: 4));
        var same = await Submit(s, s.PredictionCsv(noise: 0.001, seed: 4));
        foreach (var id in new[] { worse, better, same })
        {
            await s.Participant.WaitForFinalAsync(id);
        }
        var rival = await Scenario.NewUserAsync(host, "rival");
        await rival.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Rivals" }, HttpStatusCode.Created);
        var rivalId = Guid.Parse((await ApiClient.ExpectAsync(await rival.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(noise: 0.001, seed: 4)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        await rival.WaitForFinalAsync(rivalId);

        var rows = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard"))["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(better.ToString(), rows[0]!["submissionId"]!.GetValue<string>());
        Assert.Equal(3, rows[0]!["entries"]!.GetValue<int>());
        Assert.Equal(rivalId.ToString(), rows[1]!["submissionId"]!.GetValue<string>());
        Assert.Equal(2, rows[1]!["rank"]!.GetValue<int>());
    }

    [Fact]
    public async Task ThePrivateLeaderboardStaysHiddenUntilTheOrganizerPublishesIt()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await Submit(s, s.PredictionCsv(noise: 0.003));
        await s.Participant.WaitForFinalAsync(id);
        await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private", HttpStatusCode.Forbidden);
        var organizerView = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private");
        Assert.Single(organizerView["rows"]!.AsArray());

        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"phases/{s.PhaseId}/private-leaderboard", new { published = true }), HttpStatusCode.NoContent);
        var published = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard?board=private");
        Assert.Single(published["rows"]!.AsArray());
        var mine = await s.Participant.GetJsonAsync($"submissions/{id}");
        Assert.NotNull(mine["privateMetrics"]!["kendall_tau"]);
    }

    [Fact]
    public async Task OrganizersCanHideDisqualifyMarkBaselinesRescoreAndExport()
    {
        var s = await Scenario.CreateAsync(host);
        var id = await Submit(s, s.PredictionCsv(noise: 0.003));
        await s.Participant.WaitForFinalAsync(id);
        var baseline = Guid.Parse((await ApiClient.ExpectAsync(await s.Organizer.SubmitAsync(s.PhaseId, "baseline.csv", s.PredictionCsv(noise: 0.01, seed: 9),
            new Dictionary<string, string> { ["baseline"] = "true" }), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        await s.Organizer.WaitForFinalAsync(baseline);

        var rows = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard"))["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r!["isBaseline"]!.GetValue<bool>() && r["rank"] is null);

        var csv = await s.Organizer.Http.GetStringAsync($"phases/{s.PhaseId}/leaderboard.csv");
        Assert.StartsWith("rank,team,submission_id,submitted_at,entries,baseline,", csv);
        Assert.Contains(id.ToString(), csv);

        var rescored = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        Assert.Equal("Queued", rescored["status"]!.GetValue<string>());
        var again = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", again["status"]!.GetValue<string>());

        await ApiClient.ExpectAsync(await s.Organizer.Http.PatchAsync($"submissions/{id}/flags",
            JsonContent(new { disqualified = true })), HttpStatusCode.OK);
        rows = (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/leaderboard"))["rows"]!.AsArray();
        Assert.DoesNotContain(rows, r => r!["submissionId"]!.GetValue<string>() == id.ToString());
    }

    [Fact]
    public async Task AParticipantCanCancelAQueuedSubmissionAndItNeverGetsAScore()
    {
        var s = await Scenario.CreateAsync(host);
        // Put the submission in place without a job, as if every worker were busy.
        var id = await host.DbAsync(async db =>
        {
            var competition = await db.Competitions.SingleAsync(c => c.Slug == s.Slug);
            var team = await db.Registrations.Where(r => r.CompetitionId == competition.Id).Select(r => r.TeamId).FirstAsync();
            var sub = new Submission { PhaseId = s.PhaseId, TeamId = team, SubmittedById = Guid.Empty, FileName = "x.csv" }.Force(status: SubmissionStatus.Queued);
            db.Submissions.Add(sub);
            await db.SaveChangesAsync();
            return sub.Id;
        });
        var cancelled = await ApiClient.ExpectAsync(await s.Participant.PostAsync($"submissions/{id}/cancel", null), HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal("Cancelled by your team.", cancelled["failureReason"]!.GetValue<string>());
        await ApiClient.ExpectAsync(await s.Participant.PostAsync($"submissions/{id}/cancel", null), HttpStatusCode.Conflict);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<Guid> Submit(Scenario s, byte[] csv) =>
        Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", csv), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionFlowOnSqliteAndDisk(SqliteDiskHost fixture) : SubmissionFlowTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionFlowOnPostgresAndS3(PostgresS3Host fixture) : SubmissionFlowTests(fixture.Host);
