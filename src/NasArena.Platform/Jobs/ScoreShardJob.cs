using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Scoring;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Scores one shard of a sharded submission. A shard's result is stored under (submission, run, shard), so a
/// shard that runs twice is stored once; the job that stores the last missing shard combines them.
/// </summary>
public sealed class ScoreShardJob(
    NasArenaDb db,
    IObjectStore store,
    AssetStager stager,
    ProcessScratch scratch,
    ScorerRegistry scorers,
    SubmissionStates states,
    JobRun jobRun)
{
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid submissionId, int scoringRun, int shardIndex, int start, int count, CancellationToken ct)
    {
        if (!await states.IsRunningAsync(submissionId, scoringRun, ct) ||
            await db.ShardResults.AnyAsync(r => r.SubmissionId == submissionId && r.ScoringRun == scoringRun && r.ShardIndex == shardIndex, ct))
        {
            return;
        }
        var kind = await db.Submissions.Where(s => s.Id == submissionId).Select(s => s.Phase!.Track!.Kind).SingleAsync(ct);
        await states.HeartbeatAsync(submissionId, scoringRun, null, null, ct);
        var progress = jobRun.NewProgress();
        await jobRun.ExecuteAsync(submissionId, scoringRun, kind, progress, async token =>
        {
            var scorer = (IShardedScorer)scorers.Get(kind);
            using var workspace = await ScoringWorkspace.StageAsync(db, store, stager, scratch, submissionId, null, token);
            var json = await scorer.ScoreShardAsync(workspace.Request, start, count, token);
            if (!await SaveAsync(submissionId, scoringRun, shardIndex, json, token))
            {
                return;
            }
            var plan = await ShardPlan.OfAsync(scorer, workspace.Request, token);
            var done = await db.ShardResults.CountAsync(r => r.SubmissionId == submissionId && r.ScoringRun == scoringRun, token);
            await states.HeartbeatAsync(submissionId, scoringRun, plan.DoneUnits(done), plan.Units, token);
            if (done == plan.Shards)
            {
                await ShardCombiner.CombineAsync(db, states, scorer, workspace, scoringRun, plan.Shards, token);
            }
        }, ct);
    }

    private async Task<bool> SaveAsync(Guid id, int run, int shard, string json, CancellationToken ct)
    {
        db.ShardResults.Add(new ShardResult { SubmissionId = id, ScoringRun = run, ShardIndex = shard, ResultJson = json });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another run of this shard stored it first: same input, same result.
            db.ChangeTracker.Clear();
            return await db.ShardResults.AnyAsync(r => r.SubmissionId == id && r.ScoringRun == run && r.ShardIndex == shard, ct);
        }
    }
}

internal static class ShardCombiner
{
    public static async Task CombineAsync(NasArenaDb db, SubmissionStates states, IShardedScorer scorer, ScoringWorkspace workspace,
        int run, int shards, CancellationToken ct)
    {
        var id = workspace.Submission.Id;
        var results = await db.ShardResults.AsNoTracking().Where(r => r.SubmissionId == id && r.ScoringRun == run)
            .OrderBy(r => r.ShardIndex).Select(r => r.ResultJson).ToListAsync(ct);
        if (results.Count != shards)
        {
            return;
        }
        var score = await scorer.CombineAsync(workspace.Request, results, ct);
        await states.SucceedAsync(id, run, workspace.Phase, scorer.Version, score, ct);
    }
}
