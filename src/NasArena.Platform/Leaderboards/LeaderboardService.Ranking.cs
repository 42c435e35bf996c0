using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using Microsoft.EntityFrameworkCore;

namespace NasArena.Platform.Leaderboards;

/// <summary>One place of a board: a team's best entry (or a baseline, which has no rank) and how many entries the team has.</summary>
internal sealed record RankedEntry(Submission Best, int Entries, bool Baseline, int? Rank);

public sealed partial class LeaderboardService
{
    /// <summary>What a board ranks: the phase's scored submissions, neither hidden, disqualified nor debug runs (ADR 0044),
    /// with their score and team. Every board, export and default final pick reads this.</summary>
    internal static IQueryable<Submission> Entrants(NasArenaDb db, Guid phaseId) =>
        db.Submissions.AsNoTracking().Include(s => s.Score).Include(s => s.Team)
            .Where(s => s.PhaseId == phaseId && s.Status == SubmissionStatus.Scored && !s.IsHidden && !s.IsDisqualified && !s.IsDebug && s.Score != null);

    /// <summary>
    /// The board's order, the one ranking of the platform: each team's best entry by <paramref name="primaryOf"/> (ties:
    /// the earlier submission), ranked 1..n, baselines in place without a rank. The live board ranks by the stored primary
    /// value; the rescore diff (Submissions.PhaseRescoreDiffs) ranks the same entries by their earlier scores too.
    /// </summary>
    internal static List<RankedEntry> Rank(IEnumerable<Submission> scored, Func<Submission, double?> primaryOf, bool higherIsBetter)
    {
        var better = Comparer<Submission>.Create((a, b) => Compare(primaryOf(a), primaryOf(b), higherIsBetter, a.CreatedAt, b.CreatedAt));
        var all = scored.ToList();
        var bests = all.Where(s => !s.IsBaseline).GroupBy(s => s.TeamId)
            .Select(g => (Best: g.Order(better).First(), Entries: g.Count()));
        var ordered = bests.Select(b => (b.Best, b.Entries, Baseline: false))
            .Concat(all.Where(s => s.IsBaseline).Select(s => (Best: s, Entries: 1, Baseline: true)))
            .OrderBy(x => x.Best, better)
            .ToList();
        var rank = 0;
        return ordered.Select(o => new RankedEntry(o.Best, o.Entries, o.Baseline, o.Baseline ? null : ++rank)).ToList();
    }

    /// <summary>Better first; a missing value (e.g. a correlation of a constant prediction) sorts last.</summary>
    internal static int Compare(double? a, double? b, bool higherIsBetter, DateTimeOffset aAt, DateTimeOffset bAt)
    {
        if (a is null || b is null)
        {
            var byPresence = (a is null).CompareTo(b is null);
            return byPresence != 0 ? byPresence : aAt.CompareTo(bAt);
        }
        var byValue = higherIsBetter ? b.Value.CompareTo(a.Value) : a.Value.CompareTo(b.Value);
        return byValue != 0 ? byValue : aAt.CompareTo(bAt);
    }
}
