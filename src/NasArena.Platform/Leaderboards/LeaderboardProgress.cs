using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Leaderboards;

/// <summary>A moment a team's best primary value changed, and the new best.</summary>
public sealed record ProgressStep(DateTimeOffset At, double Best);

/// <summary>A ranked team's best-so-far over time: one step per improvement, oldest first.</summary>
public sealed record TeamProgress(Guid TeamId, string TeamName, int Rank, IReadOnlyList<ProgressStep> Steps);

/// <summary>A baseline drawn as a flat reference line at its value.</summary>
public sealed record BaselineLevel(string Name, double Value);

/// <summary>How the top teams of a board got where they are (issue 10: "best score over time per team").</summary>
public sealed record BoardProgress(Guid PhaseId, Board Board, string PrimaryMetric, bool HigherIsBetter,
    IReadOnlyList<TeamProgress> Teams, IReadOnlyList<BaselineLevel> Baselines);

public sealed partial class LeaderboardService
{
    public const int DefaultProgressTeams = 10;

    /// <summary>
    /// The best-so-far series of the board's top <paramref name="topN"/> teams, from the same scored, visible submissions the
    /// board ranks. Authorized and ranked by <see cref="GetAsync"/> (so a private board stays hidden until published).
    /// </summary>
    public async Task<BoardProgress> ProgressAsync(Actor? actor, Guid phaseId, Board board, int topN, CancellationToken ct)
    {
        if (topN is < 1 or > LeaderboardQuery.MaxTake)
        {
            throw new Errors.InvalidInputException($"A progress chart shows 1 to {LeaderboardQuery.MaxTake} teams.");
        }
        var leaderboard = await GetAsync(actor, phaseId, board, ct);
        var phase = await PhaseAsync(actor, phaseId, ct);
        return await cache.DerivedAsync(leaderboard, $"progress:{topN}", () => ComputeProgressAsync(leaderboard, phase, board, topN, ct));
    }

    private async Task<BoardProgress> ComputeProgressAsync(Leaderboard leaderboard, Phase phase, Board board, int topN, CancellationToken ct)
    {
        var phaseId = phase.Id;
        var top = leaderboard.Rows.Where(r => !r.IsBaseline).Take(topN).ToList();
        var teamIds = top.Select(r => r.TeamId).ToList();
        // Only the values of the few teams drawn are read; the timestamps are ordered in memory (SQLite cannot order DateTimeOffset).
        var entries = await db.Submissions.AsNoTracking()
            .Where(s => s.PhaseId == phaseId && teamIds.Contains(s.TeamId) && s.Status == SubmissionStatus.Scored
                && !s.IsHidden && !s.IsDisqualified && !s.IsBaseline && !s.IsDebug && s.Score != null)
            .Include(s => s.Score).ToListAsync(ct);
        // The board's own metric (a public board may rank by another, ADR 0042), and nothing after a freeze (ADR 0041).
        // A board of final picks draws the picks only (ADR 0040).
        var drawn = leaderboard.PicksOnly ? Finals.FinalSelection.Entries(entries, phase) : entries;
        var byTeam = drawn.Where(e => leaderboard.FrozenSince is not { } at || e.CreatedAt < at)
            .ToLookup(e => e.TeamId, e => (e.CreatedAt, Finals.BoardRules.ValueOf(e, phase, board)));
        var teams = top.Select(r => new TeamProgress(r.TeamId, r.TeamName, r.Rank!.Value, BestSoFar(byTeam[r.TeamId], leaderboard.HigherIsBetter))).ToList();
        var baselines = leaderboard.Rows.Where(r => r.IsBaseline && r.Primary is not null)
            .Select(r => new BaselineLevel(r.TeamName, r.Primary!.Value)).ToList();
        return new BoardProgress(phaseId, board, leaderboard.PrimaryMetric, leaderboard.HigherIsBetter, teams, baselines);
    }

    /// <summary>
    /// The steps of a best-so-far line: a step only where a submission is strictly better than every earlier one, so a tie
    /// keeps the earlier submission (as the board does) and a missing value (e.g. a constant prediction's correlation, or
    /// NaN) is never a best.
    /// </summary>
    public static IReadOnlyList<ProgressStep> BestSoFar(IEnumerable<(DateTimeOffset At, double? Value)> entries, bool higherIsBetter)
    {
        var steps = new List<ProgressStep>();
        foreach (var (at, value) in entries.OrderBy(e => e.At))
        {
            if (value is not { } v || !double.IsFinite(v))
            {
                continue;
            }
            if (steps.Count == 0 || (higherIsBetter ? v > steps[^1].Best : v < steps[^1].Best))
            {
                steps.Add(new ProgressStep(at, v));
            }
        }
        return steps;
    }
}
