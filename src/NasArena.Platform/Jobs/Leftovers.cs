using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Jobs;

/// <summary>
/// What a killed process leaves behind, put right by the watchdog and at every process start: a submission saved but
/// never handed to the queue, shard results nobody will combine, scratch folders of processes that are gone.
/// Each step is safe to run twice and beside live processes.
/// </summary>
public sealed class Leftovers(NasArenaDb db, SubmissionStates states, IScoringQueue queue, ProcessScratch scratch, ILogger<Leftovers> log)
{
    /// <summary>
    /// Queues the submissions saved as queued whose job was never enqueued (QueuedAt is set only once it was). A process
    /// enqueueing one right now makes it queued twice, which is harmless: the second job finds it claimed and does nothing.
    /// </summary>
    public async Task<int> EnqueueUnqueuedAsync(CancellationToken ct)
    {
        var unqueued = await db.Submissions.Where(s => s.Status == SubmissionStatus.Queued && s.QueuedAt == null)
            .Select(s => new { s.Id, s.ScoringRun, s.Phase!.Track!.Kind }).ToListAsync(ct);
        foreach (var s in unqueued)
        {
            await states.EnqueueAsync(s.Id, s.ScoringRun, () => queue.Enqueue(s.Id, s.ScoringRun, s.Kind), ct);
            log.LogWarning("Queued submission {Submission}: it was saved but its job was never enqueued (a process stopped in between)", s.Id);
        }
        return unqueued.Count;
    }

    /// <summary>Shards are only needed until their run is combined: those of ended submissions and older runs go.</summary>
    public async Task<int> DeleteEndedShardsAsync(CancellationToken ct) =>
        await db.Shards.Where(r => db.Submissions.Any(s => s.Id == r.SubmissionId &&
                (s.Status == SubmissionStatus.Scored || s.Status == SubmissionStatus.Failed || s.Status == SubmissionStatus.Cancelled ||
                 s.ScoringRun != r.ScoringRun)))
            .ExecuteDeleteAsync(ct);

    /// <summary>Upload spools, job workspaces and scorer runs of processes that were killed (this machine's scratch disk).</summary>
    public int RemoveOrphanScratch() => scratch.RemoveOrphans(log);
}

/// <summary>Runs <see cref="Leftovers"/> once as the process starts, so a restarted process cleans up after the one it replaces.</summary>
public sealed class LeftoversAtStart(IServiceScopeFactory scopes, ILogger<LeftoversAtStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leftovers = scope.ServiceProvider.GetRequiredService<Leftovers>();
        leftovers.RemoveOrphanScratch();
        try
        {
            await leftovers.EnqueueUnqueuedAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a reason to refuse to start: the watchdog does the same within one period.
            log.LogWarning(e, "Could not queue the submissions a stopped process saved but never queued; the watchdog will");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
