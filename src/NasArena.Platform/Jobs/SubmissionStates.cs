using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// The submission state machine: every change of a submission's status is here and nowhere else, each a conditional
/// update on (id, run, status), so that a job that runs twice, a watchdog, a cancelling participant and a rescoring
/// organizer can never overwrite one another's outcome; one that finds the row changed returns false and changes nothing.
/// This file holds the jobs' and the watchdog's transitions; those people ask for (upload, cancel, rescore) are in
/// SubmissionStates.Requests.cs. Shards have their own, <see cref="ShardStates"/>.
/// </summary>
public sealed partial class SubmissionStates(NasArenaDb db, JobOptions options, TimeProvider clock,
    Notifications.SubmissionEndings? endings = null)
{
    /// <summary>
    /// Takes the submission for this job: from the queue, or from a worker whose heartbeat stopped. A submission whose
    /// shards are still out is not taken (its liveness is theirs, <see cref="ShardStates"/>), nor one whose attempts are
    /// spent: Hangfire runs a job again after a crash without limit, this is the cap (the watchdog fails it).
    /// </summary>
    public async Task<bool> ClaimAsync(Guid id, int run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - options.HeartbeatTimeout;
        var claim = SubmissionTransitions.Claim;
        return await db.Submissions
            .Where(claim.Guard(id, run))
            .Where(s => s.Status == SubmissionStatus.Queued ||
                (s.HeartbeatAt < stale && s.Attempts < options.MaxAttempts &&
                 !db.Shards.Any(sh => sh.SubmissionId == id && sh.ScoringRun == run && sh.Status != ShardStatus.Done)))
            .ExecuteUpdateAsync(u =>
            {
                claim.Set(u, new TransitionContext(now, run));
                u.SetProperty(s => s.Attempts, s => s.Attempts + 1);
            }, ct) == 1;
    }

    public async Task<int> AttemptsAsync(Guid id, CancellationToken ct) =>
        await db.Submissions.Where(s => s.Id == id).Select(s => s.Attempts).SingleAsync(ct);

    public async Task<bool> IsRunningAsync(Guid id, int run, CancellationToken ct) =>
        await db.Submissions.AnyAsync(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Running, ct);

    /// <summary>False when the submission is no longer this run's to score (cancelled, rescored, ended by the watchdog).</summary>
    public async Task<bool> HeartbeatAsync(Guid id, int run, long? done, long? total, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Submissions
            .Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.HeartbeatAt, now)
                .SetProperty(s => s.ProgressDone, s => done ?? s.ProgressDone)
                .SetProperty(s => s.ProgressTotal, s => total ?? s.ProgressTotal), ct) == 1;
    }

    /// <summary>The heartbeat as the heartbeat thread writes it (<see cref="Heartbeat"/>): synchronous, no thread pool.</summary>
    public bool Beat(Guid id, int run, long? done, long? total)
    {
        var now = clock.GetUtcNow();
        return db.Submissions
            .Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Running)
            .ExecuteUpdate(u => u.SetProperty(s => s.HeartbeatAt, now)
                .SetProperty(s => s.ProgressDone, s => done ?? s.ProgressDone)
                .SetProperty(s => s.ProgressTotal, s => total ?? s.ProgressTotal)) == 1;
    }

    /// <summary>Writes the score and marks the submission scored, once: a second writer of the same run changes nothing.</summary>
    public async Task<bool> SucceedAsync(Guid id, int run, Phase phase, string scorerVersion, ScoreResult result, CancellationToken ct,
        Func<DateTimeOffset, Task<ScoreProvenance>>? provenance = null)
    {
        // The bootstrap runs here, in the worker, once per scored run, before the transaction: a second or so of CPU for
        // 100,000 items that no page view repeats (ADR 0018).
        var uncertainty = Uncertainty.Compute(phase, result);
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        // Hashing the staged file happens before the transaction too; the end time is the one written as FinishedAt.
        var recorded = provenance is null ? null : await provenance(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var succeed = SubmissionTransitions.Succeed;
        var compute = EndingRunCompute();
        var changed = await db.Submissions
            .Where(succeed.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                succeed.Set(u, new TransitionContext(now, run));
                u.SetProperty(s => s.ScorerVersion, scorerVersion).SetProperty(s => s.ProgressDone, s => s.ProgressTotal);
                if (compute is { } c)
                {
                    AddCompute(u, c.Usage);
                }
            }, ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        // The primary metric as it is now, held until commit: a metric changed after this job read the phase is the one
        // used, and a refresh of the phase's primaries waits (issue 23). Taken after the submission's row, like a rescore.
        var metric = await ScoreRecords.HoldPrimaryAsync(db, phase.Id, ct);
        var publicJson = ScoreRecords.ToJson(result.Public);
        var privateJson = ScoreRecords.ToJson(result.Private);
        var score = await db.Scores.SingleOrDefaultAsync(s => s.SubmissionId == id, ct);
        if (score is null)
        {
            score = new Score { SubmissionId = id, PublicMetricsJson = publicJson, PrivateMetricsJson = privateJson, ScorerVersion = scorerVersion };
            db.Scores.Add(score);
        }
        else if (score.ScoringRun != run)
        {
            // A rescore: the score it replaces is kept, for the organizers' view of what changed.
            db.ScoreHistory.Add(new ScoreHistoryEntry
            {
                SubmissionId = id,
                ScoringRun = score.ScoringRun,
                PublicMetricsJson = score.PublicMetricsJson,
                PrivateMetricsJson = score.PrivateMetricsJson,
                PublicPrimary = score.PublicPrimary,
                PrivatePrimary = score.PrivatePrimary,
                ScorerVersion = score.ScorerVersion,
                ProvenanceJson = score.ProvenanceJson,
                ScoredAt = score.ScoredAt,
                ReplacedAt = now,
            });
        }
        score.PublicMetricsJson = publicJson;
        score.PrivateMetricsJson = privateJson;
        score.PublicPrimary = ScoreRecords.Primary(publicJson, metric);
        score.PrivatePrimary = ScoreRecords.Primary(privateJson, metric);
        score.DetailsJson = result.DetailsJson;
        score.ScorerVersion = scorerVersion;
        score.ScoringRun = run;
        score.ScoredAt = now;
        var replicates = await db.ScoreReplicates.SingleOrDefaultAsync(r => r.SubmissionId == id, ct);
        if (replicates is null)
        {
            replicates = new ScoreReplicates { SubmissionId = id };
            db.ScoreReplicates.Add(replicates);
        }
        Uncertainty.Apply(score, replicates, uncertainty);
        score.ProvenanceJson = recorded?.ToJson();
        await db.SaveChangesAsync(ct);
        await db.Shards.Where(r => r.SubmissionId == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct); // the board version was bumped by the hold above
        compute?.Meter.MarkRecorded();
        BoardVersions.NoteLocalChange();
        Ended(id, run);
        return true;
    }

    /// <summary>
    /// Ends the run as failed. <paramref name="counts"/> is false when the platform, not the participant, is at fault.
    /// Its shard results go with it (a shard still running may store one later: the watchdog removes that).
    /// </summary>
    public async Task<bool> FailAsync(Guid id, int run, string reason, bool counts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A participant's fault costs what the phase's policy says (ADR 0043): the policy as it is when the run fails.
        var (keeps, chargesFailed) = counts
            ? Submissions.QuotaRules.OnParticipantFailure(await db.Submissions.Where(s => s.Id == id)
                .Select(s => s.Phase!.FailurePolicy).SingleOrDefaultAsync(CancellationToken.None))
            : (false, false);
        // Every right-hand side reads the row as it was: an organizer's entry (not counted) is charged nothing either way.
        var fail = SubmissionTransitions.Fail;
        var compute = EndingRunCompute();
        var failed = await db.Submissions
            .Where(fail.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                fail.Set(u, new TransitionContext(now, run));
                if (compute is { } c)
                {
                    AddCompute(u, c.Usage);
                }
                u.SetProperty(s => s.FailureReason, reason)
                .SetProperty(s => s.FailedByParticipant, counts)
                    .SetProperty(s => s.CountsAsFailed, s => s.CountsAgainstQuota && chargesFailed && !s.IsDebug)
                    // A debug run's own failure always costs its debug slot whatever the policy (ADR 0044): failing on
                    // purpose must not make debug runs free.
                    .SetProperty(s => s.CountsAgainstQuota, s => s.CountsAgainstQuota && (keeps || (counts && s.IsDebug)));
            }, CancellationToken.None) == 1;
        if (failed)
        {
            compute?.Meter.MarkRecorded();
            await db.Shards.Where(r => r.SubmissionId == id).ExecuteDeleteAsync(CancellationToken.None);
            Ended(id, run);
        }
        return failed;
    }

    /// <summary>
    /// Puts a running submission back in the queue; the caller enqueues its job through <see cref="EnqueueAsync"/>
    /// (until then QueuedAt is null, which tells the watchdog the job may never have been enqueued). After an outage of a
    /// dependency (<paramref name="outage"/>) the attempt is given back and counted as an outage retry instead.
    /// </summary>
    public async Task<bool> RequeueAsync(Guid id, int run, CancellationToken ct, bool outage = false)
    {
        var back = outage ? 1 : 0;
        var requeue = SubmissionTransitions.Requeue;
        return await db.Submissions
            .Where(requeue.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                requeue.Set(u, new TransitionContext(clock.GetUtcNow(), run));
                u.SetProperty(s => s.Attempts, s => s.Attempts - back).SetProperty(s => s.OutageRetries, s => s.OutageRetries + back);
            }, ct) == 1;
    }

    /// <summary>
    /// A stopping worker's hand-back of the run it was scoring: back in the queue with the attempt given back (a
    /// shutdown is not a failure), QueuedAt null until the caller enqueues (<see cref="EnqueueAsync"/>). False when the
    /// run is no longer running (cancelled, rescored, ended meanwhile).
    /// </summary>
    public async Task<bool> HandBackAsync(Guid id, int run, CancellationToken ct) =>
        await db.Submissions
            .Where(SubmissionTransitions.HandBack.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                SubmissionTransitions.HandBack.Set(u, new TransitionContext(clock.GetUtcNow(), run));
                u.SetProperty(s => s.Attempts, s => s.Attempts > 0 ? s.Attempts - 1 : 0);
            }, ct) == 1;

    /// <summary>
    /// The watchdog's requeue of a running submission whose worker went silent: conditional on it still being silent, so
    /// that two watchdog passes (one per worker process) never take back work a worker claimed in between.
    /// </summary>
    public async Task<bool> RescueAsync(Guid id, int run, DateTimeOffset staleBefore, CancellationToken ct) =>
        await db.Submissions
            .Where(SubmissionTransitions.Rescue.Guard(id, run))
            .Where(s => s.HeartbeatAt == null || s.HeartbeatAt < staleBefore)
            .ExecuteUpdateAsync(u => SubmissionTransitions.Rescue.Set(u, new TransitionContext(clock.GetUtcNow(), run)), ct) == 1;

    /// <summary>
    /// The watchdog's second enqueue of a queued submission whose job was lost: conditional on it still waiting since
    /// before <paramref name="lostBefore"/>, so two watchdog passes enqueue it once, and one claimed, cancelled or
    /// rescored meanwhile is left alone (a rescore enqueues its own run). Enqueues only when it changed the row.
    /// </summary>
    public async Task<bool> EnqueueLostAsync(Guid id, int run, DateTimeOffset lostBefore, Action enqueue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Submissions
            .Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Queued && s.QueuedAt < lostBefore)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.QueuedAt, now), ct) == 1;
        if (changed)
        {
            enqueue();
        }
        return changed;
    }

    public async Task<int> OutageRetriesAsync(Guid id, CancellationToken ct) =>
        await db.Submissions.Where(s => s.Id == id).Select(s => s.OutageRetries).SingleAsync(ct);

    /// <summary>Counts an outage retry of one of the run's shards (the shard gives its attempt back, <see cref="ShardStates"/>).</summary>
    public async Task CountOutageRetryAsync(Guid id, int run, CancellationToken ct) =>
        await db.Submissions.Where(s => s.Id == id && s.ScoringRun == run)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.OutageRetries, s => s.OutageRetries + 1), ct);

    /// <summary>
    /// Puts the run's job on the queue (<paramref name="enqueue"/>), then records when. A submission saved as queued keeps
    /// QueuedAt null until then, so one whose process died between saving and enqueueing is found and queued
    /// (<see cref="Leftovers"/>). The time is taken before enqueueing, so it never comes after a job's start; whatever
    /// state a job that started meanwhile has put the submission in, only the time is written. Returns that time.
    /// </summary>
    public async Task<DateTimeOffset> EnqueueAsync(Guid id, int run, Action enqueue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        enqueue();
        await db.Submissions.Where(s => s.Id == id && s.ScoringRun == run && s.QueuedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.QueuedAt, now), ct);
        return now;
    }

    /// <summary>Every transition to an end (scored, failed, cancelled) calls this once, after it is written: the mail (ADR 0047).</summary>
    private void Ended(Guid id, int run) => endings?.Ended(id, run);

    public static string PlatformFault(string what) =>
        $"{what} This is the platform's fault, not yours: the submission does not count against your quota, and you may submit it again.";
}
