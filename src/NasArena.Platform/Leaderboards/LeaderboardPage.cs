using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Leaderboards;

/// <summary>A metric column of a board and which way is better; null when the scorer's catalogue does not know it.</summary>
public sealed record MetricColumn(string Name, bool? HigherIsBetter, bool IsPrimary);

/// <summary>
/// What a page of the board asks for. <see cref="SortBy"/> is null or "rank" (the ranking), "team", "entries", "submitted",
/// or a metric's name; <see cref="Descending"/> flips it.
/// </summary>
public sealed record LeaderboardQuery(Board Board = Board.Public, string? SortBy = null, bool Descending = false, int Skip = 0, int Take = 25)
{
    public const int MaxTake = 200;
}

/// <summary>
/// One page of the ranked teams, plus the baselines pinned beside every page (they carry no rank and are not paged), the
/// metric columns with their direction, and how many ranked teams there are in all.
/// </summary>
public sealed record LeaderboardPage(Guid PhaseId, Board Board, string PrimaryMetric, bool HigherIsBetter, bool PrivatePublished,
    IReadOnlyList<MetricColumn> Metrics, IReadOnlyList<LeaderboardRow> Baselines, IReadOnlyList<LeaderboardRow> Rows, int TotalTeams,
    IReadOnlyDictionary<Guid, DateTimeOffset> LastSubmittedAt, BoardUncertainty? Uncertainty = null, DateTimeOffset? FrozenSince = null);

public sealed partial class LeaderboardService
{
    /// <summary>
    /// A page of the board for the browser: ranked as <see cref="GetAsync"/> ranks (the ranking is done in memory, see
    /// Score.PublicPrimary), then sorted and cut here so that only one page leaves the server.
    /// </summary>
    public async Task<LeaderboardPage> PageAsync(Actor? actor, Guid phaseId, LeaderboardQuery query, CancellationToken ct)
    {
        if (query.Skip < 0 || query.Take is < 1 or > LeaderboardQuery.MaxTake)
        {
            throw new Errors.InvalidInputException($"A leaderboard page has 1 to {LeaderboardQuery.MaxTake} rows from a skip of 0 or more.");
        }
        var board = await GetAsync(actor, phaseId, query.Board, ct);
        var phase = await PhaseAsync(actor, phaseId, ct);
        var catalogue = TrackCatalog.Get(phase.Track!.Kind).Metrics;
        var named = board.Rows.SelectMany(r => r.Metrics.Keys).Distinct().ToHashSet(StringComparer.Ordinal);
        // Primary first, then the catalogue's order, then whatever else the scorer reported.
        var metrics = new[] { board.PrimaryMetric }
            .Concat(catalogue.Keys.Where(named.Contains))
            .Concat(named.Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(m => new MetricColumn(m, m == board.PrimaryMetric ? board.HigherIsBetter : catalogue.TryGetValue(m, out var up) ? up : null,
                m == board.PrimaryMetric))
            .ToList();
        if (query.SortBy is { } by && !IsKnownSort(by, metrics))
        {
            throw new Errors.InvalidInputException($"The board cannot be sorted by '{by}': use rank, team, entries, submitted or one of its metrics.");
        }
        var ranked = board.Rows.Where(r => !r.IsBaseline).ToList();
        var sorted = Sort(ranked, query.SortBy, query.Descending);
        var page = sorted.Skip(query.Skip).Take(query.Take).ToList();
        var baselines = board.Rows.Where(r => r.IsBaseline).ToList();
        return new LeaderboardPage(phaseId, query.Board, board.PrimaryMetric, board.HigherIsBetter, Finals.BoardRules.IsRevealed(phase, DateTimeOffset.UtcNow), metrics,
            baselines, page, ranked.Count, await cache.DerivedAsync(board, "last-submitted", () => LastSubmittedAsync(phaseId, board.FrozenSince, ct)),
            board.Uncertainty, board.FrozenSince);
    }

    /// <summary>
    /// When each team last submitted anything (not only its best, scored entry) to the phase: tells a reader who is still
    /// active. Grouped in memory: SQLite cannot aggregate DateTimeOffset columns. Once per board version for every team
    /// (a submission accepted bumps the version too), so paging reads nothing more.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastSubmittedAsync(Guid phaseId, DateTimeOffset? frozenAt, CancellationToken ct)
    {
        var times = await db.Submissions.AsNoTracking()
            .Where(s => s.PhaseId == phaseId && s.Status != Domain.SubmissionStatus.Uploading && !s.IsHidden && !s.IsDebug)
            .Select(s => new { s.TeamId, s.CreatedAt }).ToListAsync(ct);
        // A frozen board tells nothing of what came after the freeze, not even when (ADR 0041).
        return times.Where(t => frozenAt is null || t.CreatedAt < frozenAt).GroupBy(t => t.TeamId).ToDictionary(g => g.Key, g => g.Max(t => t.CreatedAt));
    }

    private static bool IsKnownSort(string by, IEnumerable<MetricColumn> metrics) =>
        by is "rank" or "team" or "entries" or "submitted" || metrics.Any(m => m.Name == by);

    /// <summary>Ties (and missing values, always last whichever the direction) fall back to the ranking.</summary>
    private static List<LeaderboardRow> Sort(List<LeaderboardRow> rows, string? by, bool descending)
    {
        IOrderedEnumerable<LeaderboardRow> ordered = by switch
        {
            null or "rank" => descending ? rows.OrderByDescending(r => r.Rank) : rows.OrderBy(r => r.Rank),
            "team" => descending ? rows.OrderByDescending(r => r.TeamName, StringComparer.OrdinalIgnoreCase) : rows.OrderBy(r => r.TeamName, StringComparer.OrdinalIgnoreCase),
            "entries" => descending ? rows.OrderByDescending(r => r.Entries) : rows.OrderBy(r => r.Entries),
            "submitted" => descending ? rows.OrderByDescending(r => r.SubmittedAt) : rows.OrderBy(r => r.SubmittedAt),
            _ => rows.OrderBy(r => r.Metrics.GetValueOrDefault(by) is null)
                .ThenBy(r => descending ? -(r.Metrics.GetValueOrDefault(by) ?? 0) : r.Metrics.GetValueOrDefault(by) ?? 0),
        };
        return ordered.ThenBy(r => r.Rank).ToList();
    }
}
