using System.Net;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Issue 8, outages: the platform on PostgreSQL and an S3 server of this class's own, which the tests stop and start
/// again (same port, same folder: its objects survive, as with a restarted MinIO).
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutageTests : IAsyncLifetime
{
    private S3Server _s3 = null!;
    private PlatformHost _host = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("nasarena-outage").FullName;
        _s3 = new S3Server(TestServers.RepoRoot, _dir);
        await _s3.StartAsync();
        _host = await PlatformHost.StartAsync(Stack.PostgresS3, new Dictionary<string, string?> { ["Storage:S3Endpoint"] = _s3.Endpoint });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _s3.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task AnUploadWhileObjectStorageIsDownGets503NamingItWithRetryAfterAndDoesNotCount()
    {
        var s = await Scenario.CreateAsync(_host);
        var before = await _host.DbAsync(db => db.Submissions.CountAsync(x => x.PhaseId == s.PhaseId));
        _s3.Stop();
        try
        {
            var response = await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            Assert.Contains("Object storage is unavailable", body);
            Assert.Contains("nothing counts against your quota", body);
            // Neither the storage server's address nor the exception reaches the caller.
            Assert.DoesNotContain("127.0.0.1", body);
            Assert.DoesNotContain("Exception", body);
            Assert.Equal(before, await _host.DbAsync(db => db.Submissions.CountAsync(x => x.PhaseId == s.PhaseId)));
        }
        finally
        {
            await _s3.StartAsync();
        }
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task ScoringWaitsOutAnOutageOfObjectStorageWithoutSpendingItsAttempts()
    {
        var rows = new SubmissionRows(_host);
        var (s, id) = await rows.ScoredAsync();
        _s3.Stop();
        try
        {
            await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
            // Two paced retries (5 s, then 10 s): the attempt is given back each time, nothing fails.
            var waiting = await rows.WaitForAsync(id, x => x.OutageRetries >= 2, "waited out two outage retries");
            // Queued, or running its next try (then with that one attempt only).
            Assert.True(waiting.Status == SubmissionStatus.Queued ? waiting.Attempts == 0 : waiting.Attempts == 1, $"{waiting.Status}, {waiting.Attempts}");
            Assert.Null(waiting.FailureReason);
        }
        finally
        {
            await _s3.StartAsync();
        }
        var scored = await rows.WaitForAsync(id, x => x.IsFinal, "ended");
        Assert.True(scored.Status == SubmissionStatus.Scored, scored.FailureReason);
        Assert.Equal(1, scored.Attempts);
    }
}
