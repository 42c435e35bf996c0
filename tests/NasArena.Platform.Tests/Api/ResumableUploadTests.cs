using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Storage;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Uploads;

namespace NasArena.Platform.Tests.Api;

/// <summary>The resumable upload protocol (ADR 0012) end to end on both stacks: chunks, offsets, drops, refusals, completion, expiry.</summary>
public abstract class ResumableUploadTests(PlatformHost host)
{
    private const int Chunk = 3000;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<NasArena.Platform.Domain.Artifact> ArtifactAsync(Guid submissionId) =>
        host.DbAsync(db => db.Submissions.Where(x => x.Id == submissionId).Select(x => x.Artifact!).SingleAsync());

    private Task<IReadOnlyList<StoredObject>> ObjectsOfAsync(Guid uploadId) =>
        host.Get<IObjectStore>().ListAsync($"uploads/{uploadId:N}/", CancellationToken.None);

    [Fact]
    public async Task AFileSentInChunksIsStoredHashedAndScoredExactlyLikeTheSameFileSentMultipart()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.004);
        var started = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "predictions.csv", file.Length, Sha(file));
        Assert.Equal(0, started["offset"]!.GetValue<long>());
        Assert.Equal(UploadService.ChunkBytes, started["chunkBytes"]!.GetValue<long>());
        Assert.Equal("20 of 20 submissions left today (UTC), 100 of 100 in total", started["quota"]!["summary"]!.GetValue<string>());
        var uploadId = ChunkedUploads.IdOf(started);
        await ChunkedUploads.SendRestAsync(s.Participant, uploadId, file, Chunk);
        var chunked = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, uploadId), HttpStatusCode.Accepted);
        // Queued, or already picked up by a worker: the multipart endpoint's answer, read back the same way.
        Assert.Contains(chunked["status"]!.GetValue<string>(), new[] { "Queued", "Running", "Scored" });
        Assert.Equal("predictions.csv", chunked["fileName"]!.GetValue<string>());

        var multipart = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "predictions.csv", file), HttpStatusCode.Accepted);
        var a = await s.Participant.WaitForFinalAsync(Guid.Parse(chunked["id"]!.GetValue<string>()));
        var b = await s.Participant.WaitForFinalAsync(Guid.Parse(multipart["id"]!.GetValue<string>()));
        Assert.Equal("Scored", a["status"]!.GetValue<string>());
        Assert.Equal(b["publicMetrics"]!.ToJsonString(), a["publicMetrics"]!.ToJsonString());
        var stored = await ArtifactAsync(Guid.Parse(chunked["id"]!.GetValue<string>()));
        Assert.Equal(Sha(file), stored.Sha256);
        Assert.Equal(file.Length, stored.SizeBytes);
        Assert.Equal((await ArtifactAsync(Guid.Parse(multipart["id"]!.GetValue<string>()))).Sha256, stored.Sha256);
        // The parts are gone once the submission holds the file; what stays is the small record of the completion.
        Assert.DoesNotContain(await ObjectsOfAsync(uploadId), o => o.Key.Contains("/parts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChunkAtAnotherOffsetIsAnswered409WithTheCurrentOffset()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, id, file, 0, Chunk), HttpStatusCode.OK);
        foreach (var wrong in new long[] { 0, 2 * Chunk })
        {
            var response = await ChunkedUploads.PutAsync(s.Participant, id, file, wrong, (int)Math.Min(Chunk, file.Length - wrong));
            var problem = await ApiClient.ExpectAsync(response, HttpStatusCode.Conflict);
            Assert.Equal(Chunk, problem["offset"]!.GetValue<long>());
            Assert.Equal(Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("Upload-Offset").Single());
            Assert.Contains($"stands at offset {Chunk:N0}", problem["detail"]!.GetValue<string>());
        }
        Assert.Equal(Chunk, await ChunkedUploads.OffsetAsync(s.Participant, id));
        // Past the declared end, and another total than declared, are refused by name.
        var past = await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, id, file.Length - 5, 10, file.Length, new MemoryStream(new byte[10])),
            HttpStatusCode.BadRequest);
        Assert.Contains("runs past the declared size", past["detail"]!.GetValue<string>());
        var total = await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, id, Chunk, 10, file.Length + 1, new MemoryStream(new byte[10])),
            HttpStatusCode.BadRequest);
        Assert.Contains($"the upload was started for {file.Length:N0}", total["detail"]!.GetValue<string>());
        // Completing early says how far it got.
        var early = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, id), HttpStatusCode.Conflict);
        Assert.Contains($"has {Chunk:N0} of its {file.Length:N0} bytes", early["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChunkCutOffMidBodyStoresNothingAndTheUploadResumesFromTheServersOffset()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length, Sha(file)));
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, id, file, 0, Chunk), HttpStatusCode.OK);
        // The second chunk's connection drops after half its bytes.
        var second = file.AsSpan(Chunk, Chunk).ToArray();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            ChunkedUploads.PutAsync(s.Participant, id, Chunk, Chunk, file.Length, new GeneratedStream(Chunk, second, failAfter: Chunk / 2)));
        Assert.Equal(Chunk, await ChunkedUploads.OffsetAsync(s.Participant, id));

        await ChunkedUploads.SendRestAsync(s.Participant, id, file, Chunk);
        var accepted = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, id), HttpStatusCode.Accepted);
        var submissionId = Guid.Parse(accepted["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(submissionId))["status"]!.GetValue<string>());
        Assert.Equal(Sha(file), (await ArtifactAsync(submissionId)).Sha256);
    }

    [Fact]
    public async Task AFileOverTheTrackLimitOrOfTheWrongKindIsRefusedBeforeAnyByteIsSent()
    {
        var s = await Scenario.CreateAsync(host);
        var large = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", 11L << 20, expected: HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("is 11 MiB (11,534,336 bytes); this track's limit is 10 MiB (10,485,760 bytes)", large["detail"]!.GetValue<string>());
        var kind = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.txt", 100, expected: HttpStatusCode.UnprocessableEntity);
        Assert.Contains("A Predictor track takes .csv or .json files; 'p.txt' is a .txt file.", kind["detail"]!.GetValue<string>());
        var sha = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", 100, sha256: "abc", expected: HttpStatusCode.BadRequest);
        Assert.Contains("'sha256' must be 64 hexadecimal digits", sha["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnExhaustedQuotaIsRefusedWhenTheUploadStarts()
    {
        var s = await Scenario.CreateAsync(host, new
        {
            slug = "one",
            title = "One",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(9),
            totalLimit = 1,
            primaryMetric = "kendall_tau",
        });
        var first = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", 10);
        Assert.Equal("1 of 1 submissions left in total", first["quota"]!["summary"]!.GetValue<string>());
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
        var refused = await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", 10, expected: HttpStatusCode.TooManyRequests);
        Assert.Equal("Your team has used all 1 submissions of this phase.", refused["detail"]!.GetValue<string>());
        // The upload started while a slot was left is counted again when it completes: still refused, by name.
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, ChunkedUploads.IdOf(first), new byte[10], 0, 10), HttpStatusCode.OK);
        var late = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, ChunkedUploads.IdOf(first)), HttpStatusCode.TooManyRequests);
        Assert.Equal("Your team has used all 1 submissions of this phase.", late["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task SomeoneElsesUploadIdIsAnsweredAsIfItDidNotExist()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        var other = await Scenario.NewUserAsync(host, "other");
        await ApiClient.ExpectAsync(await other.Http.GetAsync($"uploads/{id}"), HttpStatusCode.NotFound);
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(other, id, file, 0, Chunk), HttpStatusCode.NotFound);
        await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(other, id), HttpStatusCode.NotFound);
        await ApiClient.ExpectAsync(await other.Http.DeleteAsync($"uploads/{id}"), HttpStatusCode.NotFound);
        using var anonymous = new ApiClient(host);
        await ApiClient.ExpectAsync(await anonymous.Http.GetAsync($"uploads/{id}"), HttpStatusCode.Unauthorized);
        // The owner's upload is untouched.
        Assert.Equal(0, await ChunkedUploads.OffsetAsync(s.Participant, id));
    }

    [Fact]
    public async Task CompletingTwiceAnswersTheSameSubmission()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ChunkedUploads.SendRestAsync(s.Participant, id, file, Chunk);
        var once = await Task.WhenAll(ChunkedUploads.CompleteAsync(s.Participant, id), ChunkedUploads.CompleteAsync(s.Participant, id));
        var again = await ChunkedUploads.CompleteAsync(s.Participant, id);
        var ids = new List<string>();
        foreach (var response in once.Append(again))
        {
            ids.Add((await ApiClient.ExpectAsync(response, HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        }
        Assert.Single(ids.Distinct());
        Assert.Single(await host.DbAsync(db => db.Submissions.Where(x => x.PhaseId == s.PhaseId).ToListAsync()));
        var status = await s.Participant.GetJsonAsync($"uploads/{id}");
        Assert.True(status["complete"]!.GetValue<bool>());
        Assert.Equal(ids[0], status["resultId"]!.GetValue<string>());
        Assert.Equal(file.Length, status["offset"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnUploadPastItsExpiryIsDeletedWithItsPartsAndACancelledOneAtOnce()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var expiring = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, expiring, file, 0, Chunk), HttpStatusCode.OK);
        Assert.Contains(await ObjectsOfAsync(expiring), o => o.Key.Contains("/parts/", StringComparison.Ordinal));

        // The watchdog's pass, run as if a day had gone by: the same call the watchdog makes with its clock.
        var parts = host.Get<UploadParts>();
        Assert.True(await parts.RemoveExpiredAsync(DateTimeOffset.UtcNow + UploadService.Expiry + TimeSpan.FromMinutes(1), CancellationToken.None) >= 1);
        Assert.Empty(await ObjectsOfAsync(expiring));
        await ApiClient.ExpectAsync(await s.Participant.Http.GetAsync($"uploads/{expiring}"), HttpStatusCode.NotFound);

        var cancelled = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, cancelled, file, 0, Chunk), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await s.Participant.Http.DeleteAsync($"uploads/{cancelled}"), HttpStatusCode.NoContent);
        Assert.Empty(await ObjectsOfAsync(cancelled));
        await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, cancelled, file, Chunk, Chunk), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AFileThePrecheckRefusesIsAnsweredAsTheMultipartEndpointAnswersAndItsPartsAreDeleted()
    {
        var s = await Scenario.CreateAsync(host);
        var file = "arch_id,prediction\nnot-an-architecture,0.5\n"u8.ToArray();
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ChunkedUploads.SendRestAsync(s.Participant, id, file, 16);
        var chunked = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, id), HttpStatusCode.UnprocessableEntity);
        var multipart = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", file), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(multipart["detail"]!.GetValue<string>(), chunked["detail"]!.GetValue<string>());
        Assert.Empty(await ObjectsOfAsync(id));
        Assert.Empty(await host.DbAsync(db => db.Submissions.Where(x => x.PhaseId == s.PhaseId).ToListAsync()));
    }

    [Fact]
    public async Task AFileThatChangedSinceItsHashWasDeclaredIsRefusedNamingBothHashes()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var declared = Sha(s.PredictionCsv(noise: 0.02));
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length, declared));
        await ChunkedUploads.SendRestAsync(s.Participant, id, file, Chunk);
        var refused = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, id), HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"arrived with SHA-256 {Sha(file)}, not the {declared} declared", refused["detail"]!.GetValue<string>());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var all = new MemoryStream();
            await stream.CopyToAsync(all);
            return all.ToArray();
        }
    }

    [Fact]
    public async Task APartIsReadFromTheCopyOfTheProcessThatReceivedItAndFromObjectStorageByAnyOther()
    {
        var s = await Scenario.CreateAsync(host);
        var file = s.PredictionCsv(noise: 0.01);
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "p.csv", file.Length));
        await ChunkedUploads.SendRestAsync(s.Participant, id, file, Chunk);
        var store = host.Get<IObjectStore>();
        var parts = host.Get<UploadParts>();
        var (offset, chain) = await parts.ChainAsync(id, CancellationToken.None);
        Assert.Equal(file.Length, offset);
        Assert.True(chain.Count > 1);

        // Another process (another replica, or this one after a restart) has no copies: it reads object storage.
        var otherDir = Directory.CreateTempSubdirectory("nasarena-other-replica").FullName;
        using (var otherScratch = new ProcessScratch(new StorageOptions { ScratchDir = otherDir }))
        {
            Assert.Equal(file, await ReadAllAsync(new UploadParts(store, otherScratch, TimeProvider.System).OpenAssembled(id, chain)));
        }
        Directory.Delete(otherDir, recursive: true);

        var copies = Path.Combine(host.Get<ProcessScratch>().Uploads, "parts", id.ToString("N"));
        if (store is DiskObjectStore)
        {
            // On the disk store a part is a local file already: no second copy.
            Assert.False(Directory.Exists(copies));
        }
        else
        {
            // The process that received the chunks reads its own copies: the same bytes with the stored parts gone.
            Assert.Equal(chain.Count, Directory.GetFiles(copies).Length);
            foreach (var part in chain)
            {
                await store.DeleteAsync(part.Key, CancellationToken.None);
            }
            Assert.Equal(file, await ReadAllAsync(parts.OpenAssembled(id, chain)));
        }
        // Cancelling the upload drops its copies with it.
        await ApiClient.ExpectAsync(await s.Participant.Http.DeleteAsync($"uploads/{id}"), HttpStatusCode.NoContent);
        Assert.False(Directory.Exists(copies));
    }

    [Fact]
    public async Task AnOrganizerUploadsAHiddenAssetInChunksAndItIsValidatedAsAMultipartOne()
    {
        var s = await Scenario.CreateAsync(host);
        var querySet = Scenario.QuerySetJson(s.QuerySet);
        var started = await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/assets/uploads",
            new { fileName = "query-set.json", sizeBytes = querySet.Length, kind = "query-set", sha256 = Sha(querySet) }, HttpStatusCode.Created);
        var id = ChunkedUploads.IdOf(started);
        await ChunkedUploads.SendRestAsync(s.Organizer, id, querySet, 4096);
        var asset = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Organizer, id), HttpStatusCode.Created);
        Assert.Equal(Sha(querySet), asset["sha256"]!.GetValue<string>());
        Assert.Equal("query-set", asset["kind"]!.GetValue<string>());
        // A participant may not start one.
        await s.Participant.PostJsonAsync($"phases/{s.PhaseId}/assets/uploads",
            new { fileName = "q.json", sizeBytes = 10, kind = "query-set" }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnOrganizerUploadsTheDebugSplitInChunksAndItStaysApartFromTheHiddenAssetOfItsKind()
    {
        // ADR 0044: what the editor's "Debug split" box sends.
        var s = await Scenario.CreateAsync(host);
        var hiddenBefore = (await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/assets")).AsArray()
            .Single(a => a!["name"]!.GetValue<string>() == "query-set")!["sha256"]!.GetValue<string>();
        var split = Scenario.QuerySetJson(s.QuerySet.Take(40));
        var started = await s.Organizer.PostJsonAsync($"phases/{s.PhaseId}/assets/uploads",
            new { fileName = "debug.json", sizeBytes = split.Length, kind = "query-set", sha256 = Sha(split), debug = true }, HttpStatusCode.Created);
        var id = ChunkedUploads.IdOf(started);
        await ChunkedUploads.SendRestAsync(s.Organizer, id, split, 1024);
        var asset = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Organizer, id), HttpStatusCode.Created);
        Assert.True(asset["isDebug"]!.GetValue<bool>());
        Assert.Equal("debug-query-set", asset["name"]!.GetValue<string>());
        // The hidden query set is the same file as before: the debug split did not replace it.
        var assets = (await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/assets")).AsArray();
        Assert.Equal(hiddenBefore, assets.Single(a => a!["name"]!.GetValue<string>() == "query-set")!["sha256"]!.GetValue<string>());
        Assert.False(assets.Single(a => a!["name"]!.GetValue<string>() == "query-set")!["isDebug"]!.GetValue<bool>());
        // Refused before a byte is sent: a debug split is hidden-kind, never public.
        var both = await s.Organizer.PostAsync($"phases/{s.PhaseId}/assets/uploads",
            new { fileName = "d.json", sizeBytes = 10, kind = "query-set", @public = true, debug = true });
        Assert.Contains("'debug' and 'public' exclude each other", (await ApiClient.ExpectAsync(both, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ResumableUploadOnSqliteAndDisk(SqliteDiskHost fixture) : ResumableUploadTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class ResumableUploadOnPostgresAndS3(PostgresS3Host fixture) : ResumableUploadTests(fixture.Host);
