using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Jobs;

/// <summary>The transitions people ask for: an upload completing or abandoned, a cancel, a rescore.</summary>
public sealed partial class SubmissionStates
{
    /// <summary>
    /// Uploading to Queued once the file is stored whole, with its artifact, in one transaction. QueuedAt stays null
    /// until the job is enqueued (<see cref="EnqueueAsync"/>). False when the row is gone (the watchdog removed it as
    /// abandoned): the artifact is not kept either.
    /// </summary>
    public async Task<bool> QueueUploadAsync(Guid id, int run, Artifact artifact, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Artifacts.Add(artifact);
        await db.SaveChangesAsync(ct);
        var queued = await db.Submissions
            .Where(SubmissionTransitions.QueueUpload.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                SubmissionTransitions.QueueUpload.Set(u, new TransitionContext(clock.GetUtcNow(), run));
                u.SetProperty(s => s.ArtifactId, artifact.Id);
            }, ct) == 1;
        if (queued)
        {
            // The team's "last submission" on the board changes: the board's derived data is computed again.
            await BoardVersions.BumpForSubmissionAsync(db, id, ct);
            await tx.CommitAsync(ct);
            BoardVersions.NoteLocalChange();
        }
        else
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
        // The row changed beside the tracker: nothing tracked may be saved over it later in this scope.
        db.ChangeTracker.Clear();
        return queued;
    }

    /// <summary>Removes an upload that never completed; one that completed meanwhile (now queued) is kept.</summary>
    public async Task<bool> AbandonUploadAsync(Guid id, int run, CancellationToken ct) =>
        await db.Submissions.Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Uploading)
            .ExecuteDeleteAsync(ct) == 1;

    /// <summary>
    /// Queued or Running to Cancelled, with the reason shown to the team; refunded when scoring never started. A worker finishing at this moment either wins
    /// (scored) or loses (cancelled), never both. Nobody combines the shards of a cancelled run, so they go (one still
    /// running may store a result later: the watchdog removes it).
    /// </summary>
    public async Task<bool> CancelAsync(Guid id, int run, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cancelled = await db.Submissions
            .Where(SubmissionTransitions.Cancel.Guard(id, run))
            .ExecuteUpdateAsync(u =>
            {
                SubmissionTransitions.Cancel.Set(u, new TransitionContext(now, run));
                u.SetProperty(s => s.FailureReason, reason)
                    // Refunded only when no worker ever started on it (ADR 0043): not once scoring began, not a rescore's
                    // new run (run > 0: the submission was scored once), so cancelling cannot buy back compute spent.
                    .SetProperty(s => s.CountsAgainstQuota, s => s.CountsAgainstQuota &&
                        !(s.Status == SubmissionStatus.Queued && s.StartedAt == null && s.ScoringRun == 0));
            }, ct) == 1;
        if (cancelled)
        {
            await db.Shards.Where(r => r.SubmissionId == id).ExecuteDeleteAsync(CancellationToken.None);
            Ended(id, run);
        }
        return cancelled;
    }

    /// <summary>
    /// A new scoring run (run + 1), queued from the status the caller read (<paramref name="from"/>: queued, running,
    /// scored or failed; never cancelled), and only if the row still has that run and status: of a rescore and a
    /// worker's final write of the same run, one wins. Jobs of the older run find a different run and do nothing. The run
    /// starts afresh: attempts, outage retries, times, reason and progress are reset. The caller enqueues the new run
    /// through <see cref="EnqueueAsync"/>.
    /// </summary>
    public async Task<bool> RescoreAsync(Guid id, int run, SubmissionStatus from, CancellationToken ct)
    {
        var rescore = SubmissionTransitions.Rescore;
        if (!rescore.Allows(from))
        {
            return false;
        }
        var queued = await db.Submissions
            .Where(rescore.Guard(id, run))
            .Where(s => s.Status == from)
            .ExecuteUpdateAsync(u => rescore.Set(u, new TransitionContext(clock.GetUtcNow(), run)), ct) == 1;
        if (queued && from == SubmissionStatus.Scored)
        {
            await BoardVersions.BumpForSubmissionAsync(db, id, ct); // it leaves the boards until the new run scores it
        }
        return queued;
    }
}
