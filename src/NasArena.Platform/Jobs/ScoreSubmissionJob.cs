using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Scoring;
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
    JobRun jobRun,
    IScoringQueue queue,
    ILogger<ScoreSubmissionJob> log)
{
    [Hangfire.AutomaticRetry(Attempts = 0)] // retries are the platform's own, counted in the database (JobRun)
    public async Task RunAsync(Guid submissionId, int scoringRun, CancellationToken ct)
    {
        if (!await states.ClaimAsync(submissionId, scoringRun, ct))
        {
            log.LogInformation("Submission {Submission} run {Run} is not waiting to be scored; nothing to do", submissionId, scoringRun);
            return;
        }
        var kind = await db.Submissions.Where(s => s.Id == submissionId).Select(s => s.Phase!.Track!.Kind).SingleAsync(ct);
        var progress = jobRun.NewProgress();
        await jobRun.ExecuteAsync(submissionId, scoringRun, kind, progress, async token =>
        {
            var scorer = scorers.Get(kind);
            using var workspace = await ScoringWorkspace.StageAsync(db, store, stager, scratch, submissionId, progress, token);
            if (scorer is IShardedScorer sharded)
            {
                await FanOutAsync(sharded, workspace, scoringRun, token);
                return;
            }
            var result = await scorer.ScoreAsync(workspace.Request, token);
            await states.SucceedAsync(submissionId, scoringRun, workspace.Phase, scorer.Version, result, token);
        }, ct);
    }

    private async Task FanOutAsync(IShardedScorer scorer, ScoringWorkspace workspace, int run, CancellationToken ct)
    {
        var id = workspace.Submission.Id;
        var plan = await ShardPlan.OfAsync(scorer, workspace.Request, ct);
        var done = await db.ShardResults.Where(r => r.SubmissionId == id && r.ScoringRun == run).Select(r => r.ShardIndex).ToListAsync(ct);
        await states.HeartbeatAsync(id, run, plan.DoneUnits(done.Count), plan.Units, ct);
        if (done.Count == plan.Shards)
        {
            // Everything was scored before a crash: only the combining is left.
            await ShardCombiner.CombineAsync(db, states, scorer, workspace, run, plan.Shards, ct);
            return;
        }
        for (var i = 0; i < plan.Shards; i++)
        {
            if (!done.Contains(i))
            {
                var (start, count) = plan.Range(i);
                queue.EnqueueShard(id, run, scorer.Kind, i, start, count);
            }
        }
    }
}
