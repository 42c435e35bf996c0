using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Submissions;

/// <summary>
/// One rescored submission of a phase: its primary metric and other metrics before and after its latest rescore, its
/// team's rank on the board before and after, and the parts of the provenance that differ (the "why").
/// <see cref="RankChange"/> is positive when the team moved up (rank 3 to 1: +2); null when either rank is missing.
/// </summary>
public sealed record PhaseRescoreRow(Guid SubmissionId, Guid TeamId, string TeamName, bool IsBaseline, int FromRun, int ToRun,
    DateTimeOffset RescoredAt, string OldScorerVersion, string NewScorerVersion, MetricDelta Primary, int? RankBefore, int? RankAfter,
    int? RankChange, bool BestBefore, bool BestAfter, Dictionary<string, MetricDelta> Metrics, IReadOnlyList<string> ProvenanceChanged);

/// <summary>
/// What the rescores of a phase changed on one board (ADR 0022). <see cref="Pending"/>: submissions queued or running
/// again while they still hold an earlier score, and <see cref="FailedRescores"/>: submissions whose latest run failed
/// after an earlier one scored; both are off the live board, so on neither side of this comparison.
/// </summary>
public sealed record PhaseRescoreDiff(Guid PhaseId, Board Board, string PrimaryMetric, bool HigherIsBetter, int RankedTeams, int Pending,
    int FailedRescores, IReadOnlyList<PhaseRescoreRow> Rows);

/// <summary>
/// The rescore diff of a whole phase (issue 14), organizers only. Both boards are made of the entries of the live board
/// (scored, neither hidden nor disqualified) and ranked by <see cref="LeaderboardService.Rank"/>, the board's own
/// ranking. "After" is each entry's current score: the live board. "Before" is each rescored entry's score just
/// before its latest rescore (the newest kept ScoreHistory row) and every other entry's current score; both are read
/// with the phase's current primary metric and direction, so a rank moves only because a score did.
/// </summary>
public sealed class PhaseRescoreDiffs(NasArenaDb db, Access access)
{
    private sealed record Earlier(int ScoringRun, string PublicMetricsJson, string PrivateMetricsJson, string ScorerVersion, string? ProvenanceJson,
        DateTimeOffset ReplacedAt);

    public async Task<PhaseRescoreDiff> OfAsync(Actor? actor, Guid phaseId, Board board, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var entrants = await LeaderboardService.Entrants(db, phaseId).ToListAsync(ct);
        var latest = await LatestEarlierScoresAsync(entrants.Select(e => e.Id).ToList(), ct);

        string MetricsOf(string publicJson, string privateJson) => board == Board.Public ? publicJson : privateJson;
        double? After(Submission s) => board == Board.Public ? s.Score!.PublicPrimary : s.Score!.PrivatePrimary;
        double? Before(Submission s) => latest.TryGetValue(s.Id, out var e)
            ? ScoreRecords.Primary(MetricsOf(e.PublicMetricsJson, e.PrivateMetricsJson), phase.PrimaryMetric)
            : After(s);
        var before = LeaderboardService.Rank(entrants, Before, phase.HigherIsBetter);
        var after = LeaderboardService.Rank(entrants, After, phase.HigherIsBetter);
        var rankBefore = before.Where(r => r.Rank is not null).ToDictionary(r => r.Best.TeamId, r => (r.Rank, r.Best.Id));
        var rankAfter = after.Where(r => r.Rank is not null).ToDictionary(r => r.Best.TeamId, r => (r.Rank, r.Best.Id));

        var rows = new List<PhaseRescoreRow>();
        foreach (var s in entrants.Where(s => latest.ContainsKey(s.Id)))
        {
            var earlier = latest[s.Id];
            var score = s.Score!;
            var (old, @new) = (Before(s), After(s));
            var (rb, bestBefore) = s.IsBaseline ? (null, false) : (rankBefore[s.TeamId].Rank, rankBefore[s.TeamId].Id == s.Id);
            var (ra, bestAfter) = s.IsBaseline ? (null, false) : (rankAfter[s.TeamId].Rank, rankAfter[s.TeamId].Id == s.Id);
            rows.Add(new PhaseRescoreRow(s.Id, s.TeamId, s.Team!.Name, s.IsBaseline, earlier.ScoringRun, score.ScoringRun, earlier.ReplacedAt,
                earlier.ScorerVersion, score.ScorerVersion, new MetricDelta(old, @new, old is { } x && @new is { } y ? y - x : null),
                rb, ra, rb is { } b && ra is { } a ? b - a : null, bestBefore, bestAfter,
                RescoreDiffs.Deltas(MetricsOf(earlier.PublicMetricsJson, earlier.PrivateMetricsJson), MetricsOf(score.PublicMetricsJson, score.PrivateMetricsJson)),
                RescoreDiffs.ProvenanceChanged(earlier.ProvenanceJson, score.ProvenanceJson)));
        }
        var ordered = rows.OrderBy(r => r.RankAfter is null).ThenBy(r => r.RankAfter).ThenBy(r => r.TeamName, StringComparer.Ordinal)
            .ThenBy(r => r.RescoredAt).ToList();
        var offBoard = await db.Submissions.AsNoTracking()
            .Where(s => s.PhaseId == phaseId && !s.IsHidden && !s.IsDisqualified && !s.IsDebug && s.Score != null && s.Status != SubmissionStatus.Scored)
            .Select(s => s.Status).ToListAsync(ct);
        return new PhaseRescoreDiff(phaseId, board, phase.PrimaryMetric, phase.HigherIsBetter, rankAfter.Count,
            offBoard.Count(s => s is SubmissionStatus.Queued or SubmissionStatus.Running), offBoard.Count(s => s == SubmissionStatus.Failed), ordered);
    }

    /// <summary>Each submission's newest kept earlier score (the one its latest rescore replaced), for those rescored.</summary>
    private async Task<Dictionary<Guid, Earlier>> LatestEarlierScoresAsync(List<Guid> ids, CancellationToken ct)
    {
        var latest = new Dictionary<Guid, Earlier>();
        // In chunks: a phase of thousands of teams stays within every provider's parameter limits.
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.ScoreHistory.AsNoTracking().Where(h => chunk.Contains(h.SubmissionId)).ToListAsync(ct);
            foreach (var h in rows.GroupBy(h => h.SubmissionId).Select(g => g.MaxBy(h => h.ScoringRun)!))
            {
                latest[h.SubmissionId] = new Earlier(h.ScoringRun, h.PublicMetricsJson, h.PrivateMetricsJson, h.ScorerVersion, h.ProvenanceJson, h.ReplacedAt);
            }
        }
        return latest;
    }
}
