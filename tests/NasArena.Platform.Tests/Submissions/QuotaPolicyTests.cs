using System.Net;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>
/// Issue 25, item 4 (ADR 0043): a phase's policy says what a failure the participant caused costs; the platform's
/// failures never cost anything; a cancel before scoring starts is refunded; the API says which rule applies.
/// </summary>
public abstract class QuotaPolicyTests(PlatformHost host)
{
    private readonly QuotaSteps _steps = new(host);

    [Fact]
    public async Task UnderTheDefaultPolicyAFailureTheParticipantCausedCountsAndThePlatformsDoesNot()
    {
        var s = await _steps.ScenarioAsync(daily: 3, new { policy = "count" });
        var mine = await _steps.SubmitAsync(s);
        await _steps.FailAsync(s, mine, QuotaSteps.ParticipantFault());
        var platforms = await _steps.SubmitAsync(s, seed: 2);
        await _steps.FailAsync(s, platforms, QuotaSteps.PlatformFault());

        var quota = await QuotaSteps.QuotaAsync(s);
        Assert.Equal(2, quota["leftToday"]!.GetValue<int>());
        Assert.Equal("Count", quota["policy"]!.GetValue<string>());
        Assert.Contains("fail for a fault of yours (a rejected file, a package error) count", quota["rule"]!.GetValue<string>());
        var (a, b) = (await _steps.Rows.LoadAsync(mine), await _steps.Rows.LoadAsync(platforms));
        Assert.True(a is { CountsAgainstQuota: true, FailedByParticipant: true, CountsAsFailed: false });
        Assert.True(b is { CountsAgainstQuota: false, FailedByParticipant: false, CountsAsFailed: false });
    }

    [Fact]
    public async Task UnderTheFreePolicyAFailureTheParticipantCausedIsRefunded()
    {
        var s = await _steps.ScenarioAsync(daily: 3, new { policy = "Free" });
        var id = await _steps.SubmitAsync(s);
        Assert.Equal(2, (await QuotaSteps.QuotaAsync(s))["leftToday"]!.GetValue<int>()); // in flight, it holds its slot
        await _steps.FailAsync(s, id, QuotaSteps.ParticipantFault());

        var quota = await QuotaSteps.QuotaAsync(s);
        Assert.Equal(3, quota["leftToday"]!.GetValue<int>());
        Assert.StartsWith("Only scored submissions count", quota["rule"]!.GetValue<string>());
        var view = await s.Participant.GetJsonAsync($"submissions/{id}");
        Assert.True(view["failedByParticipant"]!.GetValue<bool>());
        Assert.False(view["countsAgainstQuota"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UnderTheSeparatePolicyAFailureMovesToTheFailedQuotaAndTheApiShowsBoth()
    {
        var s = await _steps.ScenarioAsync(daily: 5, new { policy = "SeparateQuota", failedDailyLimit = 2 });
        var id = await _steps.SubmitAsync(s);
        await _steps.FailAsync(s, id, QuotaSteps.ParticipantFault());

        var quota = await QuotaSteps.QuotaAsync(s);
        Assert.Equal(5, quota["leftToday"]!.GetValue<int>());
        Assert.Equal(1, quota["failedLeftToday"]!.GetValue<int>());
        Assert.Equal(2, quota["failedDailyLimit"]!.GetValue<int>());
        Assert.Contains("1 of 2 failed submissions left today (UTC)", quota["summary"]!.GetValue<string>());
        Assert.Contains("separate failed-submission quota", quota["rule"]!.GetValue<string>());
        Assert.True((await _steps.Rows.LoadAsync(id)) is { CountsAgainstQuota: false, CountsAsFailed: true });
    }

    [Fact]
    public async Task CancellingBeforeScoringStartsRefundsAndTheRuleIsTheSameUnderEveryPolicy()
    {
        var s = await _steps.ScenarioAsync(daily: 3, new { policy = "Count" });
        var id = await _steps.SubmitAsync(s);
        await s.Participant.WaitForFinalAsync(id);
        // As it was before any worker claimed it: queued, never started, its first run.
        await _steps.Rows.SetAsync(id, x => { x.Force(status: SubmissionStatus.Queued); x.StartedAt = null; });
        var cancelled = await s.Participant.PostJsonAsync($"submissions/{id}/cancel", null, HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled["status"]!.GetValue<string>());
        Assert.False(cancelled["countsAgainstQuota"]!.GetValue<bool>());
        Assert.Equal(3, (await QuotaSteps.QuotaAsync(s))["leftToday"]!.GetValue<int>());
    }

    [Fact]
    public async Task ThePolicyIsReadByAnyoneWhoSeesThePhaseAndRefusedWithTheKeyWhenWrong()
    {
        var s = await _steps.ScenarioAsync(daily: 3, new { policy = "Count" });
        var read = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/quota-policy");
        Assert.Equal("Count", read["policy"]!.GetValue<string>());

        var unknown = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "sometimes" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("'policy' must be one of Count, Free, SeparateQuota, not 'sometimes'.", unknown["detail"]!.GetValue<string>());
        var number = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "1" }),
            HttpStatusCode.BadRequest);
        Assert.Contains("'policy' must be one of", number["detail"]!.GetValue<string>());
        var stray = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "Free", failedDailyLimit = 3 }),
            HttpStatusCode.BadRequest);
        Assert.Equal("'failedDailyLimit' and 'failedTotalLimit' apply only to the policy 'SeparateQuota', not 'Free'.", stray["detail"]!.GetValue<string>());
        var none = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "SeparateQuota" }),
            HttpStatusCode.BadRequest);
        Assert.Contains("needs 'failedDailyLimit' or 'failedTotalLimit'", none["detail"]!.GetValue<string>());
        var zero = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "SeparateQuota", failedTotalLimit = 0 }),
            HttpStatusCode.BadRequest);
        Assert.Equal("'failedTotalLimit' must be between 1 and 1000000, not 0.", zero["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class QuotaPolicyOnSqliteAndDisk(SqliteDiskHost fixture) : QuotaPolicyTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class QuotaPolicyOnPostgresAndS3(PostgresS3Host fixture) : QuotaPolicyTests(fixture.Host);
