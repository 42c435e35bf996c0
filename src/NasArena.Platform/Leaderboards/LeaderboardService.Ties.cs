using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Leaderboards;

/// <summary>How often, over the phase's paired resamples, entry A's primary metric beat entry B's (ADR 0018).</summary>
public sealed record PairwiseComparison(Guid A, Guid B, Board Board, string Metric, int Resamples, int AWins, int BWins, int Equal,
    double AShare, double BShare, double TieLevel, bool Distinguishable, string Verdict);

public sealed partial class LeaderboardService
{
    /// <summary>
    /// The ranked entries' tie groups (<see cref="PairedComparison.Groups"/>), from the replicates the worker stored; once
    /// per board version. Entries whose replicates are of another metric, another resample count or another number of
    /// items than the best such entry's are not paired with it and get no group.
    /// </summary>
    private async Task<Dictionary<Guid, int>> TieGroupsAsync(Phase phase, Board board, string metric, bool higherIsBetter, List<Submission> ranked, CancellationToken ct)
    {
        int ItemsOf(Score s) => board == Board.Public ? s.PublicItems : s.PrivateItems;
        var reference = ranked.Select(s => s.Score!).FirstOrDefault(s => s.BootstrapMetric == metric && ItemsOf(s) > 0);
        if (reference is null) return [];
        var paired = ranked.Where(s => s.Score!.BootstrapMetric == metric && s.Score.BootstrapResamples == reference.BootstrapResamples
            && ItemsOf(s.Score) == ItemsOf(reference)).Select(s => s.Id).ToList();
        var replicates = await ReplicatesAsync(paired, board, ct);
        var inOrder = ranked.Select(s => replicates.GetValueOrDefault(s.Id)).ToList();
        var groups = PairedComparison.Groups(inOrder, higherIsBetter, phase.TieLevel);
        return ranked.Select((s, i) => (s.Id, Group: groups[i])).Where(x => x.Group is not null).ToDictionary(x => x.Id, x => x.Group!.Value);
    }

    private async Task<Dictionary<Guid, double[]?>> ReplicatesAsync(List<Guid> ids, Board board, CancellationToken ct)
    {
        var found = new Dictionary<Guid, double[]?>();
        // In chunks: a phase of thousands of teams stays within every provider's parameter limits.
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.ScoreReplicates.AsNoTracking().Where(r => chunk.Contains(r.SubmissionId))
                .Select(r => new { r.SubmissionId, Bytes = board == Board.Public ? r.Public : r.Private }).ToListAsync(ct);
            foreach (var r in rows) found[r.SubmissionId] = r.Bytes is null ? null : Uncertainty.FromBytes(r.Bytes);
        }
        return found;
    }

    /// <summary>
    /// Entry A against entry B (both on the board the reader may see): the share of the paired resamples in which each
    /// one's primary metric is better, and whether that tells them apart at the phase's tie level.
    /// </summary>
    public async Task<PairwiseComparison> CompareAsync(Actor? actor, Guid phaseId, Board board, Guid a, Guid b, CancellationToken ct)
    {
        var leaderboard = await GetAsync(actor, phaseId, board, ct);
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        if (!await ShowsUncertaintyAsync(actor, phase, ct))
        {
            throw new ForbiddenException("The organizers of this phase do not show score uncertainty to participants.");
        }
        if (a == b) throw new InvalidInputException("Compare two different entries: 'a' and 'b' are the same submission.");
        var rowA = leaderboard.Rows.FirstOrDefault(r => r.SubmissionId == a)
            ?? throw new NotFoundException($"Submission {a} is not an entry of this board (only each team's best entry and the baselines are).");
        var rowB = leaderboard.Rows.FirstOrDefault(r => r.SubmissionId == b)
            ?? throw new NotFoundException($"Submission {b} is not an entry of this board (only each team's best entry and the baselines are).");
        var scores = await db.Scores.AsNoTracking().Where(s => s.SubmissionId == a || s.SubmissionId == b).ToDictionaryAsync(s => s.SubmissionId, ct);
        if (leaderboard.PrimaryMetric != phase.PrimaryMetric)
        {
            throw new ConflictException($"This board ranks by '{leaderboard.PrimaryMetric}'; the resamples are of the primary metric '{phase.PrimaryMetric}' (ADR 0042).");
        }
        foreach (var (id, score) in scores)
        {
            if (score.BootstrapMetric != phase.PrimaryMetric)
                throw new ConflictException(score.BootstrapMetric is null
                    ? $"Submission {id} has no bootstrap replicates (its track's scorer gives no per-item values, or it was scored before intervals existed): rescore it."
                    : $"Submission {id}'s replicates are of '{score.BootstrapMetric}', not of the primary metric '{phase.PrimaryMetric}': rescore it.");
        }
        int Items(Score s) => board == Board.Public ? s.PublicItems : s.PrivateItems;
        if (Items(scores[a]) != Items(scores[b]) || scores[a].BootstrapResamples != scores[b].BootstrapResamples)
            throw new ConflictException($"The two entries were resampled over different item sets ({Items(scores[a])} and {Items(scores[b])} items): the hidden set changed between their scorings; rescore them.");
        var replicates = await ReplicatesAsync([a, b], board, ct);
        if (replicates.GetValueOrDefault(a) is not { } ra || replicates.GetValueOrDefault(b) is not { } rb)
            throw new ConflictException("This board has no replicates for one of the two entries: rescore it.");
        var share = PairedComparison.Compare(ra, rb, phase.HigherIsBetter);
        double aShare = share.AShare, bShare = share.Resamples == 0 ? 0 : (double)share.BWins / share.Resamples;
        var distinguishable = Math.Max(aShare, bShare) >= phase.TieLevel;
        var verdict = !distinguishable
            ? $"Statistically tied at level {phase.TieLevel:0.###}: neither beats the other in {phase.TieLevel:P0} of the resamples."
            : $"{(aShare > bShare ? rowA.TeamName : rowB.TeamName)} is ahead in {Math.Max(aShare, bShare):P1} of the resamples (level {phase.TieLevel:0.###}).";
        return new PairwiseComparison(a, b, board, phase.PrimaryMetric, share.Resamples, share.AWins, share.BWins, share.Equal,
            aShare, bShare, phase.TieLevel, distinguishable, verdict);
    }
}
