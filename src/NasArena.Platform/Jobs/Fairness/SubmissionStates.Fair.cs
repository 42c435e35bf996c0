using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Jobs;

/// <summary>The transitions of fair queues (ADR 0046): a claim within the team's cap, and a job handing its turn on.</summary>
public sealed partial class SubmissionStates
{
    /// <summary>
    /// Takes a queued submission for a worker when its team has fewer than <paramref name="cap"/> runs running. The team's
    /// row is locked first (a write, held until commit), so two workers claiming for one team at once are serialized and the
    /// second one's count sees the first one's claim: on PostgreSQL each statement reads what was committed before it began;
    /// SQLite has one writer at a time anyway. False when the row moved on or the team is at its cap.
    /// </summary>
    public async Task<bool> ClaimWithinCapAsync(Guid id, int run, Guid teamId, int cap, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Teams.Where(t => t.Id == teamId).ExecuteUpdateAsync(u => u.SetProperty(t => t.Name, t => t.Name), ct);
        // The declared claim, from the queue only (a fair claim never takes over a silent worker's run).
        var claim = SubmissionTransitions.Claim;
        var claimed = await db.Submissions
            .Where(claim.Guard(id, run))
            .Where(s => s.Status == SubmissionStatus.Queued &&
                db.Submissions.Count(o => o.TeamId == teamId && o.Status == SubmissionStatus.Running) < cap)
            .ExecuteUpdateAsync(u =>
            {
                claim.Set(u, new TransitionContext(now, run));
                u.SetProperty(s => s.Attempts, s => s.Attempts + 1);
            }, ct) == 1;
        await tx.CommitAsync(ct);
        return claimed;
    }

    /// <summary>
    /// Puts the job of a submission that is still waiting on the queue again (<paramref name="enqueue"/>) and records when:
    /// its own job was used to start a fairer one, or the queue is woken for it. Nothing when it is no longer queued.
    /// </summary>
    public async Task PassTurnAsync(Guid id, int run, Action enqueue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await db.Submissions.AnyAsync(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Queued, ct))
        {
            return;
        }
        enqueue();
        await db.Submissions.Where(s => s.Id == id && s.ScoringRun == run && s.Status == SubmissionStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.QueuedAt, now), ct);
    }
}
