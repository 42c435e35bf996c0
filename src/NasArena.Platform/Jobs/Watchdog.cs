using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Storage;
using NasArena.Platform.Uploads;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Ends what nobody is working on, so no submission waits forever: a running one whose worker went silent is queued
/// again (or failed, refunded, after the last attempt); a queued one whose job was lost is queued again, and one that
/// waited too long is failed with a reason; an upload that never completed is removed with its object; and what killed
/// processes left behind goes (<see cref="Leftovers"/>: unqueued submissions, shard results, scratch folders); and resumable
/// uploads past their expiry are deleted with their parts (<see cref="UploadParts.RemoveExpiredAsync"/>).
/// </summary>
public sealed class Watchdog(NasArenaDb db, SubmissionStates states, ShardStates shards, IScoringQueue queue, IObjectStore store, JobOptions options,
    Leftovers leftovers, UploadParts uploads, TimeProvider clock, Fairness.FairShare fairShare, ILogger<Watchdog> log)
{
    /// <summary>The Hangfire recurring job it was before ADR 0011; removed at start.</summary>
    public const string RecurringJobId = "watchdog";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await RescueSilentAsync(now - options.HeartbeatTimeout, ct);
        await RescueShardsAsync(now, ct);
        await RequeueWaitingAsync(now, ct);
        await RemoveAbandonedUploadsAsync(now - options.AbandonedUploadAfter, ct);
        await leftovers.EnqueueUnqueuedAsync(ct);
        await leftovers.DeleteEndedShardsAsync(ct);
        leftovers.RemoveOrphanScratch();
        await uploads.RemoveExpiredAsync(now, ct);
        // Fair queues (ADR 0046): a team whose cap freed without a job ending (a run failed above) goes on within a pass.
        foreach (var name in new[] { Queues.Cpu, Queues.Gpu })
        {
            await fairShare.WakeAsync(name, ct);
        }
    }

    private async Task RescueSilentAsync(DateTimeOffset stale, CancellationToken ct)
    {
        // A submission whose shards are out lives through them (RescueShardsAsync); this is its coordinator or combiner.
        var silent = await db.Submissions.Where(s => s.Status == SubmissionStatus.Running && (s.HeartbeatAt == null || s.HeartbeatAt < stale) &&
                !db.Shards.Any(sh => sh.SubmissionId == s.Id && sh.ScoringRun == s.ScoringRun && sh.Status != ShardStatus.Done))
            .Select(s => new { s.Id, s.ScoringRun, s.Attempts, s.Phase!.Track!.Kind }).ToListAsync(ct);
        foreach (var s in silent)
        {
            if (s.Attempts >= options.MaxAttempts)
            {
                await states.FailAsync(s.Id, s.ScoringRun, StoppedResponding("The worker scoring this submission", s.Attempts), counts: false, ct);
                log.LogWarning("Watchdog failed submission {Submission}: worker silent after {Attempts} attempts", s.Id, s.Attempts);
            }
            else if (await states.RescueAsync(s.Id, s.ScoringRun, stale, ct))
            {
                await states.EnqueueAsync(s.Id, s.ScoringRun, () => queue.Enqueue(s.Id, s.ScoringRun, s.Kind), ct);
                log.LogWarning("Watchdog queued submission {Submission} again: its worker went silent", s.Id);
            }
        }
    }

    /// <summary>The reason when kills or crashes used up the attempts: says which, in plain words.</summary>
    public static string StoppedResponding(string who, int times) => SubmissionStates.PlatformFault(
        $"{who} stopped responding {times} times (its process was stopped: a crash, a kill or a lost machine).");

    /// <summary>
    /// The shards of running submissions: one whose worker went silent is queued again alone (the shards done stay
    /// done), or fails the submission when its attempts are spent; one saved but never enqueued, or whose job was lost,
    /// is enqueued; one nobody could start for <see cref="JobOptions.MaxQueueTime"/> fails it. Waiting is not lost.
    /// </summary>
    private async Task RescueShardsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var stale = now - options.HeartbeatTimeout;
        var lostBefore = now - options.RequeueAfter;
        var tooOld = now - options.MaxQueueTime;
        var open = await db.Shards
            .Where(sh => db.Submissions.Any(s => s.Id == sh.SubmissionId && s.ScoringRun == sh.ScoringRun && s.Status == SubmissionStatus.Running) &&
                ((sh.Status == ShardStatus.Running && (sh.HeartbeatAt == null || sh.HeartbeatAt < stale)) ||
                 (sh.Status == ShardStatus.Queued && (sh.QueuedAt == null || sh.QueuedAt < lostBefore))))
            .AsNoTracking().ToListAsync(ct);
        var kinds = await db.Submissions.Where(s => open.Select(o => o.SubmissionId).Contains(s.Id))
            .Select(s => new { s.Id, s.Phase!.Track!.Kind }).ToDictionaryAsync(s => s.Id, s => s.Kind, ct);
        foreach (var sh in open)
        {
            var part = $"The worker scoring part {sh.ShardIndex + 1} of this submission";
            if (sh.Status == ShardStatus.Running && sh.Attempts >= options.MaxAttempts)
            {
                await states.FailAsync(sh.SubmissionId, sh.ScoringRun, StoppedResponding(part, sh.Attempts), counts: false, ct);
                log.LogWarning("Watchdog failed submission {Submission}: shard {Shard} silent after {Attempts} attempts", sh.SubmissionId, sh.ShardIndex, sh.Attempts);
                continue;
            }
            // Measured from when it last became queued: a shard handed back late in a long run has not waited that long.
            if (sh.Status == ShardStatus.Queued && (sh.WaitingSince ?? sh.CreatedAt) < tooOld)
            {
                await states.FailAsync(sh.SubmissionId, sh.ScoringRun, SubmissionStates.PlatformFault(
                    $"No worker could start scoring part {sh.ShardIndex + 1} of this submission within {options.MaxQueueTime.TotalHours:0} hours."), counts: false, ct);
                continue;
            }
            if (sh.Status == ShardStatus.Running && !await shards.RescueAsync(sh.SubmissionId, sh.ScoringRun, sh.ShardIndex, stale, ct))
            {
                continue;
            }
            // Enqueueing a queued shard again is harmless: a second job finds it claimed and does nothing.
            await shards.EnqueueAsync(sh.SubmissionId, sh.ScoringRun, sh.ShardIndex,
                () => queue.EnqueueShard(sh.SubmissionId, sh.ScoringRun, kinds[sh.SubmissionId], sh.ShardIndex, sh.Start, sh.Count), ct);
            if (sh.Status == ShardStatus.Running)
            {
                log.LogWarning("Watchdog queued shard {Shard} of submission {Submission} again: its worker went silent", sh.ShardIndex, sh.SubmissionId);
            }
        }
    }

    private async Task RequeueWaitingAsync(DateTimeOffset now, CancellationToken ct)
    {
        var tooOld = now - options.MaxQueueTime;
        var lostBefore = now - options.RequeueAfter;
        var waiting = await db.Submissions.Where(s => s.Status == SubmissionStatus.Queued && s.QueuedAt < lostBefore)
            .Select(s => new { s.Id, s.ScoringRun, s.WaitingSince, s.CreatedAt, s.Phase!.Track!.Kind }).ToListAsync(ct);
        foreach (var s in waiting)
        {
            // The current run's wait (ADR 0034), not the upload's age: a rescore or a hand-back of a day-old submission
            // has waited minutes. Rows queued before WaitingSince existed fall back to their upload time.
            if ((s.WaitingSince ?? s.CreatedAt) < tooOld)
            {
                await states.FailAsync(s.Id, s.ScoringRun, SubmissionStates.PlatformFault(
                    $"No worker could start scoring this submission within {options.MaxQueueTime.TotalHours:0} hours."), counts: false, ct);
                continue;
            }
            // Re-enqueuing is harmless: a job that finds the submission already claimed does nothing.
            await states.EnqueueLostAsync(s.Id, s.ScoringRun, lostBefore, () => queue.Enqueue(s.Id, s.ScoringRun, s.Kind), ct);
        }
    }

    private async Task RemoveAbandonedUploadsAsync(DateTimeOffset before, CancellationToken ct)
    {
        var abandoned = await db.Submissions.Where(s => s.Status == SubmissionStatus.Uploading && s.CreatedAt < before)
            .Select(s => new { s.Id, s.ScoringRun, s.PhaseId, s.FileName }).ToListAsync(ct);
        foreach (var s in abandoned)
        {
            // The key is derived from the row, so the object (if any) is found without listing the bucket; the row goes
            // last, so a pass that stops in between (storage down) finds it again.
            await store.DeleteAsync($"submissions/{s.PhaseId}/{s.Id:N}/{s.FileName}", ct);
            await states.AbandonUploadAsync(s.Id, s.ScoringRun, ct);
        }
    }
}
