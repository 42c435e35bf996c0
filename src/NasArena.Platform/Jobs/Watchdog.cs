using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Ends what nobody is working on, so no submission waits forever: a running one whose worker went silent is queued
/// again (or failed, refunded, after the last attempt); a queued one whose job was lost is queued again, and one that
/// waited too long is failed with a reason; an upload that never completed is removed with its object; and what killed
/// processes left behind goes (<see cref="Leftovers"/>: unqueued submissions, shard results, scratch folders).
/// </summary>
[DisableConcurrentExecution(60)]
public sealed class Watchdog(NasArenaDb db, SubmissionStates states, IScoringQueue queue, IObjectStore store, JobOptions options,
    Leftovers leftovers, TimeProvider clock, ILogger<Watchdog> log)
{
    public const string RecurringJobId = "watchdog";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await RescueSilentAsync(now - options.HeartbeatTimeout, ct);
        await RequeueWaitingAsync(now, ct);
        await RemoveAbandonedUploadsAsync(now - options.AbandonedUploadAfter, ct);
        await leftovers.EnqueueUnqueuedAsync(ct);
        await leftovers.DeleteEndedShardResultsAsync(ct);
        leftovers.RemoveOrphanScratch();
    }

    private async Task RescueSilentAsync(DateTimeOffset stale, CancellationToken ct)
    {
        var silent = await db.Submissions.Where(s => s.Status == SubmissionStatus.Running && (s.HeartbeatAt == null || s.HeartbeatAt < stale))
            .Select(s => new { s.Id, s.ScoringRun, s.Attempts, s.Phase!.Track!.Kind }).ToListAsync(ct);
        foreach (var s in silent)
        {
            if (s.Attempts >= options.MaxAttempts)
            {
                await states.FailAsync(s.Id, s.ScoringRun, SubmissionStates.PlatformFault(
                    $"The worker scoring this submission stopped responding {s.Attempts} times."), counts: false, ct);
                log.LogWarning("Watchdog failed submission {Submission}: worker silent after {Attempts} attempts", s.Id, s.Attempts);
            }
            else if (await states.RequeueAsync(s.Id, s.ScoringRun, ct))
            {
                await states.EnqueueAsync(s.Id, s.ScoringRun, () => queue.Enqueue(s.Id, s.ScoringRun, s.Kind), ct);
                log.LogWarning("Watchdog queued submission {Submission} again: its worker went silent", s.Id);
            }
        }
    }

    private async Task RequeueWaitingAsync(DateTimeOffset now, CancellationToken ct)
    {
        var tooOld = now - options.MaxQueueTime;
        var lostBefore = now - options.RequeueAfter;
        var waiting = await db.Submissions.Where(s => s.Status == SubmissionStatus.Queued && s.QueuedAt < lostBefore)
            .Select(s => new { s.Id, s.ScoringRun, s.CreatedAt, s.Phase!.Track!.Kind }).ToListAsync(ct);
        foreach (var s in waiting)
        {
            if (s.CreatedAt < tooOld)
            {
                await states.FailAsync(s.Id, s.ScoringRun, SubmissionStates.PlatformFault(
                    $"No worker could start scoring this submission within {options.MaxQueueTime.TotalHours:0} hours."), counts: false, ct);
                continue;
            }
            // Re-enqueuing is harmless: a job that finds the submission already claimed does nothing.
            await db.Submissions.Where(x => x.Id == s.Id && x.Status == SubmissionStatus.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.QueuedAt, now), ct);
            queue.Enqueue(s.Id, s.ScoringRun, s.Kind);
        }
    }

    private async Task RemoveAbandonedUploadsAsync(DateTimeOffset before, CancellationToken ct)
    {
        var abandoned = await db.Submissions.Where(s => s.Status == SubmissionStatus.Uploading && s.CreatedAt < before)
            .Select(s => new { s.Id, s.PhaseId, s.FileName }).ToListAsync(ct);
        foreach (var s in abandoned)
        {
            // The key is derived from the row, so the object (if any) is found without listing the bucket.
            await store.DeleteAsync($"submissions/{s.PhaseId}/{s.Id:N}/{s.FileName}", ct);
            await db.Submissions.Where(x => x.Id == s.Id && x.Status == SubmissionStatus.Uploading).ExecuteDeleteAsync(ct);
        }
    }
}
