using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Scores one shard of a sharded submission under the shard's own lease (<see cref="ShardStates"/>): a shard that runs
/// twice is stored once, a shard done is never scored again, and the job that stores the last missing shard combines them.
/// </summary>
public sealed class ScoreShardJob(
    NasArenaDb db,
    IObjectStore store,
    AssetStager stager,
    ProcessScratch scratch,
    ScorerRegistry scorers,
    SubmissionStates states,
    ShardStates shards,
    JobRun jobRun,
    Fairness.FairShare fairShare,
    Submissions.Debug.DebugRunOptions debugRuns,
    TimeProvider clock)
{
    [Hangfire.AutomaticRetry(Attempts = 0)] // retries are the platform's own, counted in the database (JobRun)
    public async Task RunAsync(Guid submissionId, int scoringRun, int shardIndex, int start, int count, CancellationToken ct)
    {
        if (await shards.ClaimAsync(submissionId, scoringRun, shardIndex, ct) is not { } attempt)
        {
            return;
        }
        // Not cancelled by a stopping worker: from the claim on, the shard is handed back only by JobRun.
        var kind = await db.Submissions.Where(s => s.Id == submissionId).Select(s => s.Phase!.Track!.Kind).SingleAsync(CancellationToken.None);
        await states.HeartbeatAsync(submissionId, scoringRun, null, null, CancellationToken.None);
        var started = clock.GetUtcNow();
        var item = new WorkItem(submissionId, scoringRun, kind, shardIndex, attempt, start, count);
        await jobRun.ExecuteAsync(item, null, async token =>
        {
            var scorer = (IShardedScorer)scorers.Get(kind);
            using var workspace = await ScoringWorkspace.StageAsync(db, store, stager, scratch, debugRuns, submissionId, null, token);
            var staged = clock.GetUtcNow();
            var json = await scorer.ScoreShardAsync(workspace.Request, start, count, token);
            if (!await shards.CompleteAsync(submissionId, scoringRun, shardIndex, json, token, new ShardTimes(started, staged, clock.GetUtcNow())))
            {
                return;
            }
            var plan = await ShardPlan.OfAsync(scorer, workspace.Request, token);
            var done = await shards.DoneCountAsync(submissionId, scoringRun, token);
            await states.HeartbeatAsync(submissionId, scoringRun, plan.DoneUnits(done), plan.Units, token);
            if (done == plan.Shards)
            {
                await ShardCombiner.CombineAsync(db, states, scorer, workspace, scoringRun, plan.Shards, token);
            }
        }, ct);
        if (!await states.IsRunningAsync(submissionId, scoringRun, CancellationToken.None))
        {
            // The submission ended with this shard (ADR 0046): its team's next run may start.
            await fairShare.WakeAsync(TrackCatalog.Get(kind).Queue, CancellationToken.None);
        }
    }
}

internal static class ShardCombiner
{
    public static async Task CombineAsync(NasArenaDb db, SubmissionStates states, IShardedScorer scorer, ScoringWorkspace workspace,
        int run, int shards, CancellationToken ct)
    {
        var id = workspace.Submission.Id;
        var results = await db.Shards.AsNoTracking().Where(r => r.SubmissionId == id && r.ScoringRun == run && r.Status == ShardStatus.Done)
            .OrderBy(r => r.ShardIndex).Select(r => r.ResultJson!).ToListAsync(ct);
        if (results.Count != shards)
        {
            return;
        }
        var score = await scorer.CombineAsync(workspace.Request, results, ct);
        await states.SucceedAsync(id, run, workspace.Phase, scorer.Version, score, ct, end => ProvenanceAsync(db, scorer, workspace, run, end, ct));
    }

    /// <summary>The run's provenance; start and attempts read now, as the claim wrote them (the workspace's copy predates it).</summary>
    public static async Task<ScoreProvenance> ProvenanceAsync(NasArenaDb db, IScorer scorer, ScoringWorkspace workspace, int run,
        DateTimeOffset end, CancellationToken ct)
    {
        var id = workspace.Submission.Id;
        var state = await db.Submissions.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.StartedAt, s.Attempts }).SingleAsync(ct);
        var shardAttempts = await db.Shards.AsNoTracking().Where(s => s.SubmissionId == id && s.ScoringRun == run).SumAsync(s => s.Attempts, ct);
        var timeline = await ScoringTimeline.OfAsync(db, id, run, state.StartedAt, end, ct);
        return await ScoreProvenance.CaptureAsync(scorer, workspace, run, state.Attempts, shardAttempts, state.StartedAt, end, ct) with { Timeline = timeline };
    }
}
