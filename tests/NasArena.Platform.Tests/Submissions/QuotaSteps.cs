using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>
/// The steps the quota tests (and the quota attacks) take: submit through the API, then end the run the way a worker
/// does. The predictor prechecks every file before accepting it, so a bad file never reaches a worker; a worker-side
/// failure is the real <see cref="JobRun"/> sorting a scorer's exception (the participant's or the platform's) on a run
/// put back to Running, as a claim leaves it.
/// </summary>
public sealed class QuotaSteps(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    public SubmissionRows Rows => _rows;

    /// <summary>A scenario whose phase takes <paramref name="daily"/> a day and has the policy given (PUT quota-policy).</summary>
    public async Task<Scenario> ScenarioAsync(int daily, object policy)
    {
        var s = await Scenario.CreateAsync(host, new
        {
            slug = "stage-1",
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            dailyLimit = daily,
            totalLimit = 100,
            primaryMetric = "kendall_tau",
        });
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/quota-policy", policy), HttpStatusCode.OK);
        return s;
    }

    /// <summary>Submits a valid file through the API; the response must be 202.</summary>
    public async Task<Guid> SubmitAsync(Scenario s, int seed = 1) =>
        Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, seed)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());

    /// <summary>Submits and lets the in-process worker finish it, then fails that run as a worker does when the scorer throws
    /// <paramref name="fault"/>.</summary>
    public async Task FailAsync(Scenario s, Guid id, Exception fault)
    {
        await s.Participant.WaitForFinalAsync(id);
        var run = (await _rows.LoadAsync(id)).ScoringRun;
        await _rows.SetAsync(id, x => { x.Force(status: SubmissionStatus.Running); x.HeartbeatAt = DateTimeOffset.UtcNow; });
        await host.InScopeAsync(sp => sp.GetRequiredService<JobRun>().ExecuteAsync(new WorkItem(id, run, TrackKind.Predictor), null,
            _ => throw fault, CancellationToken.None));
        Assert.Equal(SubmissionStatus.Failed, (await _rows.LoadAsync(id)).Status);
    }

    public static SubmissionRejectedException ParticipantFault() => new("Line 3: 'abc' is not a number.");

    public static ScoringConfigurationException PlatformFault() => new("The phase has no query set.");

    public static Task<JsonNode> QuotaAsync(Scenario s) => s.Participant.GetJsonAsync($"phases/{s.PhaseId}/quota");
}
