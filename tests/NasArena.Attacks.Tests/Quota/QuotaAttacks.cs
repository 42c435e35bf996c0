using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Submissions;

namespace NasArena.Attacks.Tests.Quota;

/// <summary>
/// Issue 25, item 4 (ADR 0043): what a participant can get out of the failed-submission policy and the cancel refund.
/// A failing submission still takes a worker, so under every policy a spammer is bounded: by the quota itself (count),
/// by the slots in flight (free: each holds its slot until it fails), or by the failed quota (separate).
/// </summary>
public abstract class QuotaAttacks(PlatformHost host)
{
    private readonly QuotaSteps _steps = new(host);

    private static async Task<HttpStatusCode> TryAsync(Scenario s, int seed) =>
        (await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, seed))).StatusCode;

    [Fact]
    public async Task SpammingFailingSubmissionsUnderTheCountPolicyUsesUpTheQuota()
    {
        var s = await _steps.ScenarioAsync(daily: 2, new { policy = "Count" });
        for (var i = 0; i < 2; i++)
        {
            await _steps.FailAsync(s, await _steps.SubmitAsync(s, seed: i), QuotaSteps.ParticipantFault());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(s, 9));
    }

    [Fact]
    public async Task SpammingFailingSubmissionsUnderTheFreePolicyNeverHasMoreInFlightThanTheQuota()
    {
        var s = await _steps.ScenarioAsync(daily: 2, new { policy = "Free" });
        // Six failures in a row cost nothing...
        for (var i = 0; i < 6; i++)
        {
            await _steps.FailAsync(s, await _steps.SubmitAsync(s, seed: i), QuotaSteps.ParticipantFault());
        }
        // ...but while they wait or run they hold their slots: held in flight (queued again), two block a third.
        var held = new[] { await _steps.SubmitAsync(s, seed: 7), await _steps.SubmitAsync(s, seed: 8) };
        foreach (var id in held)
        {
            await s.Participant.WaitForFinalAsync(id);
            await _steps.Rows.SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        }
        var refused = await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, 9));
        var problem = await ApiClient.ExpectAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("used all 2 submissions for today", problem["detail"]!.GetValue<string>());
        foreach (var id in held)
        {
            await _steps.Rows.SetAsync(id, x => x.Force(status: SubmissionStatus.Scored));
        }
    }

    [Fact]
    public async Task SpammingFailingSubmissionsUnderTheSeparatePolicyStopsAtTheFailedQuota()
    {
        var s = await _steps.ScenarioAsync(daily: 10, new { policy = "SeparateQuota", failedDailyLimit = 2 });
        for (var i = 0; i < 2; i++)
        {
            await _steps.FailAsync(s, await _steps.SubmitAsync(s, seed: i), QuotaSteps.ParticipantFault());
        }
        var refused = await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, 9));
        var problem = await ApiClient.ExpectAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("used all 2 failed submissions this phase allows per day", problem["detail"]!.GetValue<string>());
        // The resumable protocol's start is refused the same, before a byte is sent.
        var start = await s.Participant.PostAsync($"phases/{s.PhaseId}/uploads", new { fileName = "p.csv", sizeBytes = 100 });
        Assert.Equal(HttpStatusCode.TooManyRequests, start.StatusCode);
        // The platform's failures never move anything to the failed quota.
        var quota = await QuotaSteps.QuotaAsync(s);
        Assert.Equal(10, quota["leftToday"]!.GetValue<int>());
        Assert.Equal(0, quota["failedLeftToday"]!.GetValue<int>());
    }

    [Fact]
    public async Task CancellingAfterScoringStartedOrARescoresRunIsNotRefunded()
    {
        var s = await _steps.ScenarioAsync(daily: 5, new { policy = "Free" });
        // Running: a worker spends compute on it; cancelling now keeps it counted.
        var running = await _steps.SubmitAsync(s);
        await s.Participant.WaitForFinalAsync(running);
        await _steps.Rows.SetAsync(running, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        var cancelled = await s.Participant.PostJsonAsync($"submissions/{running}/cancel", null, HttpStatusCode.OK);
        Assert.True(cancelled["countsAgainstQuota"]!.GetValue<bool>());

        // Handed back to the queue after a start (a retry, a stopping worker): it started once, so still counted.
        var retried = await _steps.SubmitAsync(s, seed: 2);
        await s.Participant.WaitForFinalAsync(retried);
        var row = await _steps.Rows.LoadAsync(retried);
        await _steps.Rows.SetAsync(retried, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        Assert.True(await host.InScopeAsync(sp => sp.GetRequiredService<SubmissionStates>().HandBackAsync(retried, row.ScoringRun, CancellationToken.None)));
        Assert.True((await s.Participant.PostJsonAsync($"submissions/{retried}/cancel", null, HttpStatusCode.OK))["countsAgainstQuota"]!.GetValue<bool>());

        // A scored submission an organizer's rescore put back in the queue: its new run has not started, but it was
        // scored once; cancelling it must not buy the slot back.
        var rescored = await _steps.SubmitAsync(s, seed: 3);
        await s.Participant.WaitForFinalAsync(rescored);
        row = await _steps.Rows.LoadAsync(rescored);
        Assert.True(await host.InScopeAsync(sp => sp.GetRequiredService<SubmissionStates>()
            .RescoreAsync(rescored, row.ScoringRun, SubmissionStatus.Scored, CancellationToken.None)));
        Assert.True((await s.Participant.PostJsonAsync($"submissions/{rescored}/cancel", null, HttpStatusCode.OK))["countsAgainstQuota"]!.GetValue<bool>());

        Assert.Equal(2, (await QuotaSteps.QuotaAsync(s))["leftToday"]!.GetValue<int>());
    }

    [Fact]
    public async Task AParticipantCannotChangeThePhasesPolicy()
    {
        var s = await _steps.ScenarioAsync(daily: 2, new { policy = "Count" });
        var refused = await s.Participant.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "Free" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Count", (await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/quota-policy"))["policy"]!.GetValue<string>());
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class QuotaAttacksOnSqliteAndDisk(SqliteDiskHost fixture) : QuotaAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class QuotaAttacksOnPostgresAndS3(PostgresS3Host fixture) : QuotaAttacks(fixture.Host);
