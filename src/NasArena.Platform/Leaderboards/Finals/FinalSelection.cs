using NasArena.Platform.Domain;

namespace NasArena.Platform.Leaderboards.Finals;

/// <summary>
/// Which entries the private board ranks when a phase has final picks (ADR 0040): each team's picks, or, for a team that
/// picked none, its best <see cref="Phase.FinalPicks"/> by the public board's value (ties: the earlier), as Kaggle does.
/// Baselines are kept. Picks beyond the limit (the organizer lowered it after they were made) count in the order made.
/// </summary>
public static class FinalSelection
{
    public static List<Submission> Entries(IEnumerable<Submission> entrants, Phase phase)
    {
        var all = entrants.ToList();
        if (phase.FinalPicks is not { } limit) return all;
        var (_, higher) = BoardRules.MetricOf(phase, Board.Public);
        var publicOrder = Comparer<Submission>.Create((a, b) =>
            LeaderboardService.Compare(BoardRules.ValueOf(a, phase, Board.Public), BoardRules.ValueOf(b, phase, Board.Public), higher, a.CreatedAt, b.CreatedAt));
        var chosen = all.Where(s => s.IsBaseline).ToList();
        foreach (var team in all.Where(s => !s.IsBaseline).GroupBy(s => s.TeamId))
        {
            var picked = team.Where(s => s.PickedAt is not null).OrderBy(s => s.PickedAt).Take(limit).ToList();
            chosen.AddRange(picked.Count > 0 ? picked : team.Order(publicOrder).Take(limit));
        }
        return chosen;
    }
}
