using NasArena.Platform.Accounts;

namespace NasArena.Platform.Leaderboards.Finals;

/// <summary>One place of the final standings: <paramref name="Winner"/> is rank 1; <paramref name="TiedWithWinner"/> an entry the
/// winner does not beat in enough paired resamples (tie group 1, ADR 0018).</summary>
public sealed record StandingRow(int? Rank, Guid TeamId, string TeamName, Guid SubmissionId, double? Value, double? Low, double? High, int? TieGroup,
    bool Winner, bool TiedWithWinner, bool IsBaseline);

/// <summary>The private board as the final result (issue 25 item 2): ranks, intervals, tie groups, winners marked.</summary>
public sealed record FinalStandings(Guid PhaseId, string Metric, bool HigherIsBetter, int? FinalPicks, bool Revealed, IReadOnlyList<StandingRow> Rows,
    BoardUncertainty? Uncertainty);

public sealed class FinalStandingsReader(LeaderboardService boards)
{
    /// <summary>Read as the private board is (organizers before the reveal, everyone who sees the phase after it; 403 otherwise).</summary>
    public async Task<FinalStandings> GetAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var board = await boards.GetAsync(actor, phaseId, Board.Private, ct);
        var phase = await boards.PhaseAsync(actor, phaseId, ct);
        var rows = board.Rows.Select(r => new StandingRow(r.Rank, r.TeamId, r.TeamName, r.SubmissionId, r.Primary, r.Low, r.High, r.TieGroup,
            r.Rank == 1, r.TiedWithLeader, r.IsBaseline)).ToList();
        return new FinalStandings(phaseId, board.PrimaryMetric, board.HigherIsBetter, phase.FinalPicks, BoardRules.IsRevealed(phase, DateTimeOffset.UtcNow),
            rows, board.Uncertainty);
    }
}
