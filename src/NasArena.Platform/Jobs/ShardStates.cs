using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Every change of a shard's state, each a conditional update like <see cref="SubmissionStates"/>'s. A shard's lease is
/// fenced by its attempt number: a worker taken for dead (and replaced) stops at its next heartbeat.
/// </summary>
public sealed class ShardStates(NasArenaDb db, JobOptions options, TimeProvider clock)
{
    /// <summary>Saves the plan's shards once per run (a second coordinator finds them saved); returns the run's shards.</summary>
    public async Task<IReadOnlyList<Shard>> PlanAsync(Guid id, int run, ShardPlan plan, CancellationToken ct)
    {
        var saved = await ListAsync(id, run, ct);
        if (saved.Count > 0)
        {
            return saved;
        }
        var now = clock.GetUtcNow();
        for (var i = 0; i < plan.Shards; i++)
        {
            var (start, count) = plan.Range(i);
            db.Shards.Add(new Shard { SubmissionId = id, ScoringRun = run, ShardIndex = i, Start = start, Count = count, CreatedAt = now, WaitingSince = now });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another coordinator of the same run saved them first: same plan.
        }
        db.ChangeTracker.Clear();
        return await ListAsync(id, run, ct);
    }

    public async Task<IReadOnlyList<Shard>> ListAsync(Guid id, int run, CancellationToken ct) =>
        await db.Shards.AsNoTracking().Where(s => s.SubmissionId == id && s.ScoringRun == run).OrderBy(s => s.ShardIndex).ToListAsync(ct);

    /// <summary>
    /// Takes the shard for this job: a queued one, or a running one whose heartbeat stopped and whose attempts are not
    /// spent. Returns the attempt number that fences this lease, or null when it is not this job's to score.
    /// </summary>
    public async Task<int?> ClaimAsync(Guid id, int run, int index, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - options.HeartbeatTimeout;
        var claimed = await db.Shards
            .Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index &&
                (s.Status == ShardStatus.Queued || (s.Status == ShardStatus.Running && s.HeartbeatAt < stale && s.Attempts < options.MaxAttempts)) &&
                db.Submissions.Any(x => x.Id == id && x.ScoringRun == run && x.Status == SubmissionStatus.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ShardStatus.Running)
                .SetProperty(s => s.HeartbeatAt, now)
                .SetProperty(s => s.Attempts, s => s.Attempts + 1), ct);
        if (claimed == 0)
        {
            return null;
        }
        return await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index)
            .Select(s => s.Attempts).SingleAsync(ct);
    }

    /// <summary>
    /// The shard's heartbeat, written from the heartbeat thread. True while the lease is this attempt's, or the shard
    /// is done and this job is combining the run.
    /// </summary>
    public bool Beat(Guid id, int run, int index, int attempt)
    {
        var now = clock.GetUtcNow();
        return db.Shards
            .Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index &&
                ((s.Status == ShardStatus.Running && s.Attempts == attempt) || s.Status == ShardStatus.Done))
            .ExecuteUpdate(u => u.SetProperty(s => s.HeartbeatAt, now)) == 1;
    }

    /// <summary>Stores the shard's result, once: a second run of the same shard stores nothing (same input, same result).</summary>
    public async Task<bool> CompleteAsync(Guid id, int run, int index, string json, CancellationToken ct, ShardTimes? times = null) =>
        await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index && s.Status == ShardStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ShardStatus.Done)
                .SetProperty(s => s.ResultJson, json)
                .SetProperty(s => s.TimelineJson, times == null ? null : times.ToJson())
                .SetProperty(s => s.FinishedAt, clock.GetUtcNow()), ct) == 1;

    public async Task<int> DoneCountAsync(Guid id, int run, CancellationToken ct) =>
        await db.Shards.CountAsync(s => s.SubmissionId == id && s.ScoringRun == run && s.Status == ShardStatus.Done, ct);

    /// <summary>
    /// Puts a shard that is not done back in the queue (its worker died, or it failed and is retried); the caller then
    /// enqueues its job with <see cref="EnqueueAsync"/>. After an outage the attempt is given back.
    /// </summary>
    public async Task<bool> RequeueAsync(Guid id, int run, int index, bool outage, CancellationToken ct)
    {
        var back = outage ? 1 : 0;
        return await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index && s.Status != ShardStatus.Done)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ShardStatus.Queued)
                .SetProperty(s => s.QueuedAt, (DateTimeOffset?)null)
                .SetProperty(s => s.WaitingSince, clock.GetUtcNow())
                .SetProperty(s => s.HeartbeatAt, (DateTimeOffset?)null)
                .SetProperty(s => s.Attempts, s => s.Attempts - back), ct) == 1;
    }

    /// <summary>
    /// A stopping worker's hand-back of the shard it was scoring, fenced by its attempt (a lease taken over meanwhile is
    /// not touched): queued again with the attempt given back.
    /// </summary>
    public async Task<bool> HandBackAsync(Guid id, int run, int index, int attempt, CancellationToken ct) =>
        await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index && s.Status == ShardStatus.Running &&
                s.Attempts == attempt)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ShardStatus.Queued)
                .SetProperty(s => s.QueuedAt, (DateTimeOffset?)null)
                .SetProperty(s => s.WaitingSince, clock.GetUtcNow())
                .SetProperty(s => s.HeartbeatAt, (DateTimeOffset?)null)
                .SetProperty(s => s.Attempts, s => s.Attempts - 1), ct) == 1;

    /// <summary>The watchdog's requeue of a shard whose worker went silent: conditional on it still being silent (see
    /// <see cref="SubmissionStates.RescueAsync"/>).</summary>
    public async Task<bool> RescueAsync(Guid id, int run, int index, DateTimeOffset staleBefore, CancellationToken ct) =>
        await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index && s.Status == ShardStatus.Running &&
                (s.HeartbeatAt == null || s.HeartbeatAt < staleBefore))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ShardStatus.Queued)
                .SetProperty(s => s.QueuedAt, (DateTimeOffset?)null)
                .SetProperty(s => s.WaitingSince, clock.GetUtcNow())
                .SetProperty(s => s.HeartbeatAt, (DateTimeOffset?)null), ct) == 1;

    /// <summary>Enqueues the shard's job, then records when (a null QueuedAt means it may never have been enqueued).</summary>
    public async Task EnqueueAsync(Guid id, int run, int index, Action enqueue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        enqueue();
        await db.Shards.Where(s => s.SubmissionId == id && s.ScoringRun == run && s.ShardIndex == index && s.Status == ShardStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.QueuedAt, now), ct);
    }
}
