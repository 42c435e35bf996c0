using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Cli;

/// <summary>The Python client's submit speaks the resumable protocol: size checked before sending, chunks resumed after a drop.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ChunkedUploadCliTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    private static CliSession Through(Uri url, ApiClient user)
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-cli").FullName;
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, new JsonObject { ["url"] = url.ToString().TrimEnd('/'), ["token"] = user.Token }.ToJsonString());
        return new CliSession(dir, config);
    }

    [Fact]
    public async Task SubmitSendsTheFileInChunksAndResumesFromTheServersOffsetAfterADroppedConnection()
    {
        var s = await Scenario.CreateAsync(_host);
        var file = s.PredictionCsv(noise: 0.004);
        // The second chunk's connection is reset after its headers and a few hundred bytes of its body.
        await using var proxy = new DroppingProxy(_host.BaseAddress, dropPut: 2, dropAfterBytes: 600);
        var cli = Through(proxy.Address, s.Participant);
        await File.WriteAllBytesAsync(cli.PathOf("predictions.csv"), file);

        var submit = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "--chunk-bytes", "2048", "predictions.csv", "--wait");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.True(proxy.Dropped, "The proxy never dropped a chunk.");
        Assert.Contains("chunk at byte 2048 failed", submit.Stderr);
        Assert.Contains("20 of 20 submissions left today (UTC), 100 of 100 in total before this one", submit.Stderr);
        Assert.True(proxy.Puts >= 5, $"{proxy.Puts} PUTs for 4 chunks and a retry: {submit}");
        // The output is as before: the submission's line, then (with --wait) its final line with the metrics.
        var id = CliSession.SubmissionId(submit);
        var lines = submit.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"{id}  Scored ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("public:  kendall_tau=", StringComparison.Ordinal));
        var sha = await _host.DbAsync(db => db.Submissions.Where(x => x.Id == id).Select(x => x.Artifact!.Sha256).SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), sha);
    }

    [Fact]
    public async Task SubmitRefusesAFileOverTheTrackLimitBeforeSendingAnyByte()
    {
        var s = await Scenario.CreateAsync(_host);
        await using var proxy = new DroppingProxy(_host.BaseAddress, dropPut: int.MaxValue, dropAfterBytes: 0);
        var cli = Through(proxy.Address, s.Participant);
        await using (var big = File.Create(cli.PathOf("big.csv")))
        {
            big.SetLength(11L << 20);
        }
        var submit = await cli.RunAsync("submit", "--phase", s.PhaseId.ToString(), "big.csv");
        Assert.True(submit.ExitCode == 1, submit.ToString());
        Assert.Contains("error: 413: The file 'big.csv' is 11 MiB (11,534,336 bytes); this track's limit is 10 MiB", submit.Stderr);
        Assert.Equal(0, proxy.Puts);
        Assert.Empty(await _host.DbAsync(db => db.Submissions.Where(x => x.PhaseId == s.PhaseId).ToListAsync()));
    }
}
