using System.Net;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Organizing;

/// <summary>
/// Admins see a submission whose worker was killed flagged, and requeue it or fail it with a refund; users are made admins,
/// never the last one removed. Each test has a host of its own whose watchdog stays out of the way (<see cref="StuckSubmission"/>).
/// </summary>
public abstract class AdminServiceTests(Stack stack)
{
    private async Task<(PlatformHost Host, Scenario S, ApiClient Admin, Guid Id)> StuckAsync()
    {
        var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog);
        var s = await Scenario.CreateAsync(host);
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        await s.Participant.WaitForFinalAsync(id);
        await StuckSubmission.MakeAsync(host, id);
        return (host, s, admin, id);
    }

    [Fact]
    public async Task ASubmissionWhoseWorkerWentSilentIsFlaggedAndRequeuedItIsScoredAgain()
    {
        var (host, s, admin, id) = await StuckAsync();
        await using var _ = host;
        var ops = await admin.GetJsonAsync("admin/operations");
        var stuck = ops["stuck"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == id.ToString())!;
        Assert.Equal("Running", stuck["status"]!.GetValue<string>());
        Assert.StartsWith("Its worker has been silent for 60 min", stuck["why"]!.GetValue<string>());
        var cpu = ops["queues"]!.AsArray().Single(q => q!["queue"]!.GetValue<string>() == "cpu")!;
        Assert.Equal(1, cpu["running"]!.GetValue<int>());
        Assert.Contains(ops["workers"]!.AsArray(), w => w!["queues"]!.AsArray().Any(q => q!.GetValue<string>() == "cpu"));

        Assert.Equal(HttpStatusCode.Forbidden, (await s.Organizer.PostAsync($"admin/submissions/{id}/requeue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"admin/submissions/{id}/requeue", null)).StatusCode);
        var scored = await s.Participant.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());
        Assert.Equal(2, scored["attempts"]!.GetValue<int>()); // the killed worker's attempt and the one that scored it
        Assert.DoesNotContain((await admin.GetJsonAsync("admin/operations"))["stuck"]!.AsArray(), r => r!["id"]!.GetValue<string>() == id.ToString());
        var again = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/submissions/{id}/requeue", null), HttpStatusCode.Conflict);
        Assert.Equal("The submission is scored: only queued or running ones can be requeued or failed.", again["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStuckSubmissionFailedByAnAdminIsRefundedWithAReason()
    {
        var (host, s, admin, id) = await StuckAsync();
        await using var _ = host;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"admin/submissions/{id}/fail", null)).StatusCode);
        var failed = await new SubmissionRows(host).LoadAsync(id);
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.False(failed.CountsAgainstQuota);
        Assert.StartsWith("An administrator stopped scoring this submission", failed.FailureReason);
    }

    [Fact]
    public async Task AdminsMakeOtherUsersAdminsButTheLastAdminStays()
    {
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog);
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var other = await Scenario.NewUserAsync(host, "someone");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync("admin/users")).StatusCode);
        var users = (await admin.GetJsonAsync("admin/users")).AsArray();
        var adminId = users.Single(u => u!["isAdmin"]!.GetValue<bool>())!["id"]!.GetValue<string>();
        var otherId = users.Single(u => !u!["isAdmin"]!.GetValue<bool>())!["id"]!.GetValue<string>();
        var last = await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{adminId}/admin", new { admin = false }), HttpStatusCode.Conflict);
        Assert.EndsWith("is the only admin: make another user an admin first.", last["detail"]!.GetValue<string>());
        var made = await admin.PutAsync($"admin/users/{otherId}/admin", new { admin = true });
        Assert.True((await ApiClient.ExpectAsync(made, HttpStatusCode.OK))["isAdmin"]!.GetValue<bool>());
        var stepped = await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{adminId}/admin", new { admin = false }), HttpStatusCode.OK);
        Assert.False(stepped["isAdmin"]!.GetValue<bool>()); // two admins now: one may step down
    }
}

[Trait("Category", "Integration")]
public sealed class AdminServiceOnSqliteAndDisk() : AdminServiceTests(Stack.SqliteDisk);

[Trait("Category", "Integration")]
public sealed class AdminServiceOnPostgresAndS3() : AdminServiceTests(Stack.PostgresS3);
