using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Scores one submission run. Safe to run twice: it claims the submission first and every write is conditional
/// on the run still being its own. A sharded scorer's work is fanned out to <see cref="ScoreShardJob"/>s instead.
/// </summary>
public sealed class ScoreSubmissionJob(
    NasArenaDb db,
    IObjectStore store,
    AssetStager stager,
    ProcessScratch scratch,
    ScorerRegistry scorers,
    SubmissionStates states,
    ShardStates shards,
    JobRun jobRun,
    IScoringQueue queue,
    Fairness.FairShare fairShare,
    Submissions.Debug.DebugRunOptions debugRuns,
    ILogger<ScoreSubmissionJob> log)
{
    [Hangfire.AutomaticRetry(Attempts = 0)] // retries are the platform's own, counted in the database (JobRun)
    public async Task RunAsync(Guid submissionId, int scoringRun, CancellationToken ct)
    {
        // Fair queues (ADR 0046): the job is a turn on its queue; it may start a fairer waiting submission than its own.
        if (await fairShare.TakeTurnAsync(submissionId, scoringRun, ct) is not { } turn)
        {
            log.LogInformation("Submission {Submission} run {Run} is not waiting to be scored, or its team is at its cap; nothing to do",
                submissionId, scoringRun);
            return;
        }
        (submissionId, scoringRun) = (turn.Id, turn.Run);
        var claimed = await db.Submissions.Where(s => s.Id == submissionId)
            // Not cancelled by a stopping worker: from the claim on, the run is handed back only by JobRun.
            .Select(s => new { s.Phase!.Track!.Kind, s.QueuedAt, s.StartedAt }).SingleAsync(CancellationToken.None);
        var kind = claimed.Kind;
        var progress = jobRun.NewProgress();
        try
        {
            await RunClaimedAsync(submissionId, scoringRun, kind, claimed.QueuedAt, claimed.StartedAt, progress, ct);
        }
        finally
        {
            // A team that was at its cap may go on now (its waiting jobs ended doing nothing).
            await fairShare.WakeAsync(TrackCatalog.Get(kind).Queue, CancellationToken.None);
        }
    }

    private async Task RunClaimedAsync(Guid submissionId, int scoringRun, TrackKind kind, DateTimeOffset? queuedAt, DateTimeOffset? startedAt,
        IProgress<ScoringProgress> progress, CancellationToken ct)
    {
        await jobRun.ExecuteAsync(new WorkItem(submissionId, scoringRun, kind), progress, async token =>
        {
            var scorer = scorers.Get(kind);
            using var workspace = await ScoringWorkspace.StageAsync(db, store, stager, scratch, debugRuns, submissionId, progress, token);
            if (scorer is IShardedScorer sharded)
            {
                await FanOutAsync(sharded, workspace, scoringRun, token);
                return;
            }
            var result = await scorer.ScoreAsync(workspace.Request, token);
            await states.SucceedAsync(submissionId, scoringRun, workspace.Phase, scorer.Version, result, token,
                end => ShardCombiner.ProvenanceAsync(db, scorer, workspace, scoringRun, end, token));
        }, ct, startedAt - queuedAt);
    }

    /// <summary>
    /// Saves the run's shards and enqueues those not done. From then on the submission's liveness is its shards':
    /// a shard waiting in a busy queue is waiting, not lost (<see cref="Watchdog"/>).
    /// </summary>
    private async Task FanOutAsync(IShardedScorer scorer, ScoringWorkspace workspace, int run, CancellationToken ct)
    {
        var id = workspace.Submission.Id;
        var plan = await ShardPlan.OfAsync(scorer, workspace.Request, ct);
        var saved = await shards.PlanAsync(id, run, plan, ct);
        var done = saved.Count(s => s.Status == ShardStatus.Done);
        await states.HeartbeatAsync(id, run, plan.DoneUnits(done), plan.Units, ct);
        if (done == saved.Count)
        {
            // Everything was scored before a crash: only the combining is left.
            await ShardCombiner.CombineAsync(db, states, scorer, workspace, run, saved.Count, ct);
            return;
        }
        foreach (var shard in saved.Where(s => s.Status == ShardStatus.Queued))
        {
            await shards.EnqueueAsync(id, run, shard.ShardIndex,
                () => queue.EnqueueShard(id, run, scorer.Kind, shard.ShardIndex, shard.Start, shard.Count), ct);
        }
    }
}
