using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// Submissions as the job tests see them: rows read and changed in the database directly (the source of truth for a
/// submission's state), a watchdog pass run on demand, and a wait for a state with a generous deadline.
/// </summary>
public sealed class SubmissionRows(PlatformHost host)
{
    /// <summary>Generous: a loaded 2-core machine scores a prediction in seconds, not a minute and a half.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A fresh scenario with one prediction submitted through the API and scored.</summary>
    public async Task<(Scenario S, Guid Id)> ScoredAsync()
    {
        var s = await Scenario.CreateAsync(host);
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(id))["status"]!.GetValue<string>());
        return (s, id);
    }

    public Task<Submission> LoadAsync(Guid id) =>
        host.DbAsync(db => db.Submissions.AsNoTracking().Include(x => x.Score).Include(x => x.Artifact).SingleAsync(x => x.Id == id));

    public Task SetAsync(Guid id, Action<Submission> change) => host.DbAsync(async db =>
    {
        var submission = await db.Submissions.SingleAsync(x => x.Id == id);
        change(submission);
        return await db.SaveChangesAsync();
    });

    public Task RunWatchdogAsync() => host.InScopeAsync(sp => sp.GetRequiredService<Watchdog>().RunAsync(CancellationToken.None));

    public async Task<Submission> WaitForAsync(Guid id, Func<Submission, bool> done, string what = "reached the awaited state")
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var submission = await LoadAsync(id);
            if (done(submission))
            {
                return submission;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Submission {id} never {what}: {submission.Status}, {submission.FailureReason}");
            await Task.Delay(100);
        }
    }
}
