using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Organizing;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Organizing;

/// <summary>The organizers' listing, exports, bulk actions, confirmed rescore and statistics, through the REST API into the services.</summary>
public abstract class OrganizerSubmissionsTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private async Task<(Scenario S, List<Guid> Ids)> ThreeSubmissionsAsync()
    {
        var s = await Scenario.CreateAsync(host);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, $"p{i}.csv", s.PredictionCsv(0.01 * (i + 1), seed: i)),
                HttpStatusCode.Accepted))["id"]!.GetValue<string>());
            Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(id))["status"]!.GetValue<string>());
            ids.Add(id);
        }
        return (s, ids);
    }

    [Fact]
    public async Task TheListingFiltersAndPagesAndTheCsvAndZipHoldExactlyTheFilteredRows()
    {
        var (s, ids) = await ThreeSubmissionsAsync();
        // One ended as the watchdog ends a submission whose worker died three times (its own reason text).
        await _rows.SetAsync(ids[0], x => { x.Force(status: SubmissionStatus.Failed); x.FailureReason = Watchdog.StoppedResponding("The worker scoring this submission", 3); });

        var page = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?take=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal(2, page["rows"]!.AsArray().Count);
        var second = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?take=2&skip=2");
        var listed = page["rows"]!.AsArray().Concat(second["rows"]!.AsArray()).Select(r => Guid.Parse(r!["id"]!.GetValue<string>())).ToHashSet();
        Assert.Equal(ids.ToHashSet(), listed);

        var lost = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?failure=WorkerLost");
        Assert.Equal(ids[0].ToString(), lost["rows"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal("WorkerLost", lost["rows"]![0]!["failure"]!.GetValue<string>());
        Assert.Equal(0, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?failure=Rejected"))["total"]!.GetValue<int>());
        Assert.Equal(2, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?status=Scored&phaseId={s.PhaseId}"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?team=no-such-team"))["total"]!.GetValue<int>());
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        Assert.Equal(0, (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/submissions?from={Uri.EscapeDataString(tomorrow)}"))["total"]!.GetValue<int>());
        var bad = await ApiClient.ExpectAsync(await s.Organizer.Http.GetAsync($"competitions/{s.Slug}/submissions?take=500"), HttpStatusCode.BadRequest);
        Assert.Contains("'take' between 1 and 200", bad["detail"]!.GetValue<string>());

        var csv = (await s.Organizer.Http.GetStringAsync($"competitions/{s.Slug}/submissions.csv?status=Scored")).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', OrganizerSubmissions.CsvColumns), csv[0]);
        Assert.Equal(ids.Skip(1).Select(i => i.ToString()).ToHashSet(), csv.Skip(1).Select(l => l.Split(',')[0]).ToHashSet());
        Assert.All(csv.Skip(1), l => Assert.Equal("scored", l.Split(',')[5]));

        await using var zipStream = await s.Organizer.Http.GetStreamAsync($"competitions/{s.Slug}/submissions.zip");
        var buffer = new MemoryStream();
        await zipStream.CopyToAsync(buffer);
        using var zip = new ZipArchive(new MemoryStream(buffer.ToArray()), ZipArchiveMode.Read);
        Assert.Equal("submissions.csv", zip.Entries[0].FullName);
        var files = zip.Entries.Skip(1).ToList();
        Assert.Equal(3, files.Count);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var entry = files.Single(e => e.FullName.Contains(id.ToString("N")[..8]));
            Assert.StartsWith("Prediction/", entry.FullName);
            Assert.EndsWith($"-p{i}.csv", entry.FullName);
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(System.Text.Encoding.UTF8.GetString(s.PredictionCsv(0.01 * (i + 1), seed: i)), await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task BulkActionsGoThroughTheSingleCommandsAndReportWhatTheyCouldNotDo()
    {
        var (s, ids) = await ThreeSubmissionsAsync();
        var foreign = Guid.NewGuid();
        var dq = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/submissions/bulk", new { action = "Disqualify", ids = new[] { ids[0], ids[1], foreign } }, HttpStatusCode.OK);
        Assert.Equal(2, dq["done"]!.GetValue<int>());
        Assert.Equal(foreign.ToString(), dq["failed"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.True((await _rows.LoadAsync(ids[0])).IsDisqualified);
        Assert.False((await _rows.LoadAsync(ids[2])).IsDisqualified);

        var cancel = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/submissions/bulk", new { action = "Cancel", ids = new[] { ids[2] } }, HttpStatusCode.OK);
        Assert.Equal("The submission is scored already and cannot be cancelled.", cancel["failed"]![0]!["reason"]!.GetValue<string>());

        var rescore = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/submissions/bulk", new { action = "Rescore", ids = new[] { ids[2] } }, HttpStatusCode.OK);
        Assert.Equal(1, rescore["done"]!.GetValue<int>());
        Assert.Equal(1, (await _rows.LoadAsync(ids[2])).ScoringRun);
        await s.Participant.WaitForFinalAsync(ids[2]);

        var refused = await s.Participant.PostAsync($"competitions/{s.Slug}/submissions/bulk", new { action = "Hide", ids = new[] { ids[0] } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False((await _rows.LoadAsync(ids[0])).IsHidden);
    }

    [Fact]
    public async Task APhaseWideRescoreNeedsThePhasesNameTypedAndThenQueuesEverySubmission()
    {
        var (s, ids) = await ThreeSubmissionsAsync();
        var phase = await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}");
        var title = phase["title"]!.GetValue<string>();
        var wrong = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"phases/{s.PhaseId}/submissions/rescore-confirmed", new { confirm = "yes" }), HttpStatusCode.BadRequest);
        Assert.Equal($"Type the phase's name, '{title}', to rescore all its submissions.", wrong["detail"]!.GetValue<string>());
        Assert.All(ids, id => Assert.Equal(0, _rows.LoadAsync(id).Result.ScoringRun));
        var ok = await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/submissions/rescore-confirmed", new { confirm = title }, HttpStatusCode.OK);
        Assert.Equal(3, ok["queued"]!.GetValue<int>());
        foreach (var id in ids)
        {
            Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(id))["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task StatisticsCountTheDaysTheFailuresAndTheScoringTimesOfATrack()
    {
        var (s, ids) = await ThreeSubmissionsAsync();
        await _rows.SetAsync(ids[0], x => { x.Force(status: SubmissionStatus.Failed); x.FailureReason = "The file has 3 predictions for 231 architectures."; });
        var stats = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/statistics");
        Assert.Equal(3, stats["submissions"]!.GetValue<int>());
        var day = stats["perDay"]!.AsArray().Single()!;
        Assert.Equal((3, 2, 1), (day["submitted"]!.GetValue<int>(), day["scored"]!.GetValue<int>(), day["failed"]!.GetValue<int>()));
        Assert.Equal(1, stats["failuresByKind"]!["Rejected"]!.GetValue<int>());
        var track = stats["tracks"]!.AsArray().Single()!;
        Assert.Equal(3, track["finished"]!.GetValue<int>());
        var p50 = track["scoringP50"]!.GetValue<double>();
        Assert.InRange(p50, 0, track["scoringP95"]!.GetValue<double>());
        Assert.True(track["workerMinutes"]!.GetValue<double>() > 0);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Participant.Http.GetAsync($"competitions/{s.Slug}/statistics")).StatusCode);
    }

    [Fact]
    public async Task TheRegistrationsCsvAndTheTeamsListEveryRegistrationWithItsReason()
    {
        var s = await Scenario.CreateAsync(host);
        var registration = (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/registrations")).AsArray().Single()!;
        var id = registration["id"]!.GetValue<string>();
        await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/registrations/{id}/reject", new { reason = "Use your institutional e-mail, please." }, HttpStatusCode.OK);
        var csv = (await s.Organizer.Http.GetStringAsync($"competitions/{s.Slug}/registrations.csv")).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', OrganizerParticipants.CsvColumns), csv[0]);
        Assert.Equal(2, csv.Length);
        Assert.StartsWith(id + ",", csv[1]);
        Assert.Contains(",rejected,", csv[1]);
        Assert.EndsWith(",\"Use your institutional e-mail, please.\"", csv[1]); // quoted: the reason has a comma
        var teams = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/teams");
        var member = teams.AsArray().Single()!["members"]!.AsArray().Single()!;
        Assert.Equal("Rejected", member["status"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OrganizerSubmissionsOnSqliteAndDisk(SqliteDiskHost fixture) : OrganizerSubmissionsTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class OrganizerSubmissionsOnPostgresAndS3(PostgresS3Host fixture) : OrganizerSubmissionsTests(fixture.Host);
