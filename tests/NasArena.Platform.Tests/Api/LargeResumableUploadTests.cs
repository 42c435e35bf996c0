using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Uploads;
using Xunit.Abstractions;

namespace NasArena.Platform.Tests.Api;

/// <summary>
/// 1 GiB through the resumable protocol, cut in the middle: generated as it is sent (never held), resumed from the
/// server's offset, assembled and handed to the predictor's precheck, which refuses a prediction file over 512 MB by
/// name once the whole file has arrived: a deterministic end that proves every byte got through the shared path.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LargeResumableUploadTests(SqliteDiskHost fixture, ITestOutputHelper output)
{
    private const long Size = 1L << 30;
    private readonly PlatformHost _host = fixture.Host;

    [Fact]
    public async Task AOneGigabyteUploadCutInTheMiddleResumesAndReachesThePrecheckWhole()
    {
        var s = await Scenario.CreateAsync(_host);
        var track = await _host.DbAsync(db => db.Phases.Where(p => p.Id == s.PhaseId).Select(p => p.TrackId).SingleAsync());
        await _host.DbAsync(db => db.Tracks.Where(t => t.Id == track).ExecuteUpdateAsync(u => u.SetProperty(t => t.MaxSubmissionBytes, Size + (1L << 20))));
        var watch = Stopwatch.StartNew();
        var id = ChunkedUploads.IdOf(await ChunkedUploads.StartAsync(s.Participant, s.PhaseId, "huge.csv", Size));
        var pattern = "arch_id,prediction\n"u8.ToArray();
        long offset = 0;
        var cut = false;
        while (offset < Size)
        {
            var length = Math.Min(UploadService.ChunkBytes, Size - offset);
            if (!cut && offset >= Size / 2)
            {
                cut = true;
                // The connection drops half-way through this chunk: nothing of it is kept.
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => ChunkedUploads.PutAsync(s.Participant, id, offset, length, Size,
                    new GeneratedStream(length, pattern, failAfter: length / 2)));
                offset = await ChunkedUploads.OffsetAsync(s.Participant, id);
                Assert.Equal(Size / 2, offset);
                continue;
            }
            var sent = await ApiClient.ExpectAsync(await ChunkedUploads.PutAsync(s.Participant, id, offset, length, Size, new GeneratedStream(length, pattern)),
                HttpStatusCode.OK);
            offset = sent["offset"]!.GetValue<long>();
        }
        var sentIn = watch.Elapsed;
        var refused = await ApiClient.ExpectAsync(await ChunkedUploads.CompleteAsync(s.Participant, id), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is 1024 MB; the limit is 512 MB", refused["detail"]!.GetValue<string>());
        output.WriteLine($"1 GiB: sent in {sentIn.TotalSeconds:0.0} s (with one cut), assembled and prechecked in {(watch.Elapsed - sentIn).TotalSeconds:0.0} s");
        // A file the precheck refuses cannot pass by being sent again: its bytes are gone, and nothing was counted.
        Assert.Empty(await _host.Get<NasArena.Platform.Storage.IObjectStore>().ListAsync($"uploads/{id:N}/", CancellationToken.None));
        Assert.Empty(await _host.DbAsync(db => db.Submissions.Where(x => x.PhaseId == s.PhaseId).ToListAsync()));
    }
}
