using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>Every score says what produced it (issue 14): in the submission API and the leaderboard CSV. Both stacks.</summary>
public abstract class ProvenanceTests(PlatformHost host)
{
    [Fact]
    public async Task AScoreRecordsTheHashesSettingsWorkerTimesAndAttemptsThatProducedIt()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.004);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", file), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var scored = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());

        var p = scored["provenance"]!;
        Assert.Equal("predictor-1.0.0", p["scorerVersion"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), p["submissionSha256"]!.GetValue<string>());
        var assetSha = await host.DbAsync(db => db.PhaseAssets.Where(a => a.PhaseId == s.PhaseId && a.Kind == "query-set").Select(a => a.Artifact!.Sha256).SingleAsync());
        // The participant is told which version of the hidden asset scored them; its hash is the organizers' (issue 23).
        var asset = Assert.Single(p["assets"]!.AsArray())!;
        Assert.Equal(("query-set", "the hidden query set, version 1"), (asset["kind"]!.GetValue<string>(), asset["label"]!.GetValue<string>()));
        Assert.Null(asset["sha256"]);
        var theirs = Assert.Single((await s.Organizer.GetJsonAsync($"submissions/{id}"))["provenance"]!["assets"]!.AsArray())!;
        Assert.Equal(("query-set", assetSha, 1), (theirs["kind"]!.GetValue<string>(), theirs["sha256"]!.GetValue<string>(), theirs["version"]!.GetValue<int>()));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, p["trackSettings"]!.GetValueKind());
        Assert.Equal(1, p["attempts"]!.GetValue<int>());
        Assert.Equal(Environment.ProcessorCount, p["worker"]!["cores"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(p["worker"]!["libraries"]!["NasArena.Prediction"]!.GetValue<string>()));
        var started = p["startedAt"]!.GetValue<DateTimeOffset>();
        var finished = p["finishedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(started <= finished, $"started {started:O} after finished {finished:O}");
        // The same instant as the submission's FinishedAt, up to the database's precision (microseconds, or SQLite's ticks encoding).
        var stored = scored["finishedAt"]!.GetValue<DateTimeOffset>();
        Assert.True((stored - finished).Duration() < TimeSpan.FromMilliseconds(1), $"finishedAt {stored:O} vs provenance {finished:O}");

        var csv = await (await s.Organizer.Http.GetAsync($"phases/{s.PhaseId}/leaderboard.csv")).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",primary_low,primary_high,tie_group,scorer_version,submission_sha256,asset_sha256,scoring_started,scoring_finished,attempts", lines[0].TrimEnd('\r'));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(file)), lines[1]);
        Assert.Contains($"query-set/query-set={assetSha}", lines[1]);
    }

    [Fact]
    public async Task AScoreTellsTheParticipantWhereTheTimeFromUploadToScoreWent()
    {
        var s = await Scenario.CreateAsync(host);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(noise: 0.01)), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var scored = await s.Participant.WaitForFinalAsync(id);
        var steps = scored["provenance"]!["timeline"]!.AsArray().Select(t => (Step: t!["step"]!.GetValue<string>(), At: t["at"]!.GetValue<DateTimeOffset>(),
            Seconds: t["seconds"]!.GetValue<double>())).ToList();
        Assert.Equal(["uploaded", "queued", "started", "finished"], steps.Select(t => t.Step));
        Assert.Equal(0, steps[0].Seconds);
        // In time order, each step's seconds counted from the upload (the submission's own timestamps, to the database's precision).
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.True(steps[i].At >= steps[i - 1].At && steps[i].Seconds >= steps[i - 1].Seconds, $"{steps[i - 1]} then {steps[i]}");
            Assert.Equal((steps[i].At - steps[0].At).TotalSeconds, steps[i].Seconds, 3);
        }
        Assert.True((scored["createdAt"]!.GetValue<DateTimeOffset>() - steps[0].At).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.True((scored["startedAt"]!.GetValue<DateTimeOffset>() - steps[2].At).Duration() < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task ParticipantsDoNotSeeOrganizerOnlySettingsInTheProvenance()
    {
        var s = await Scenario.CreateAsync(host);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}/tracks/prediction",
            new { slug = "prediction", title = "Prediction", kind = "Predictor", settings = new { topKPercent = 5, privateSplitSeed = "secret" } }), HttpStatusCode.OK);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(noise: 0.01)), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var mine = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal(5, mine["provenance"]!["trackSettings"]!["topKPercent"]!.GetValue<double>());
        Assert.Null(mine["provenance"]!["trackSettings"]!["privateSplitSeed"]);
        var theirs = await s.Organizer.GetJsonAsync($"submissions/{id}");
        Assert.Equal("secret", theirs["provenance"]!["trackSettings"]!["privateSplitSeed"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARescoreAfterASettingChangeKeepsTheOldScoreAndSaysWhatChangedAndWhy()
    {
        var s = await Scenario.CreateAsync(host);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(noise: 0.01)), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var before = await s.Participant.WaitForFinalAsync(id);
        Assert.Empty((await s.Organizer.GetJsonAsync($"submissions/{id}/rescores"))["changes"]!.AsArray());

        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}/tracks/prediction",
            new { slug = "prediction", title = "Prediction", kind = "Predictor", settings = new { topKPercent = 2 } }), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        var after = await s.Participant.WaitForFinalAsync(id);

        var diff = await s.Organizer.GetJsonAsync($"submissions/{id}/rescores");
        var change = Assert.Single(diff["changes"]!.AsArray())!;
        Assert.Equal(["trackSettings"], change["provenanceChanged"]!.AsArray().Select(c => c!.GetValue<string>()));
        var topK = change["public"]!["top_k_precision"]!;
        Assert.Equal(before["publicMetrics"]!["top_k_precision"]!.GetValue<double>(), topK["old"]!.GetValue<double>());
        Assert.Equal(after["publicMetrics"]!["top_k_precision"]!.GetValue<double>(), topK["new"]!.GetValue<double>());
        Assert.Equal(0.0, change["public"]!["kendall_tau"]!["delta"]!.GetValue<double>());
        Assert.Equal(change["fromRun"]!.GetValue<int>() + 1, change["toRun"]!.GetValue<int>());
        await s.Participant.GetJsonAsync($"submissions/{id}/rescores", HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ProvenanceOnSqliteAndDisk(SqliteDiskHost fixture) : ProvenanceTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class ProvenanceOnPostgresAndS3(PostgresS3Host fixture) : ProvenanceTests(fixture.Host);
