using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;

using NasArena.Platform.Exports;
using NasArena.Platform.Leaderboards.Finals;

namespace NasArena.Platform.Leaderboards;

public enum Board
{
    Public,
    Private,
}

public sealed record LeaderboardRow(
    int? Rank,
    Guid TeamId,
    string TeamName,
    Guid SubmissionId,
    double? Primary,
    Dictionary<string, double?> Metrics,
    DateTimeOffset SubmittedAt,
    int Entries,
    bool IsBaseline,
    double? Low = null,
    double? High = null,
    int? TieGroup = null,
    bool TiedWithLeader = false);

/// <summary>
/// How the board's intervals (Low, High: the 95 % percentile bootstrap interval of the primary metric) and tie groups were
/// made; null on a board whose organizers do not show them to this reader, or whose scores carry none (ADR 0018).
/// <paramref name="Resampled"/> says over what, in words; on unseen-data boards each data set is resampled with the seed
/// of "{SeedText}/{codename}" (ADR 0021).
/// </summary>
public sealed record BoardUncertainty(int Resamples, double IntervalLevel, double TieLevel, string SeedText, string Resampled);

/// <param name="FrozenSince">Set on a public board shown frozen (ADR 0041): it holds only what was submitted before then.</param>
/// <param name="PicksOnly">A private board of a phase with final picks: it ranks only each team's picks (ADR 0040).</param>
public sealed record Leaderboard(Guid PhaseId, Board Board, string PrimaryMetric, bool HigherIsBetter, IReadOnlyList<LeaderboardRow> Rows,
    BoardUncertainty? Uncertainty = null, DateTimeOffset? FrozenSince = null, bool PicksOnly = false);

/// <summary>
/// One row per team: its best scored submission by the phase's primary metric (ties: the earlier submission),
/// ranked 1..n; ties between teams are broken by the earlier submission too. Baselines are shown in place without a rank.
/// Hidden and disqualified submissions never appear.
/// </summary>
public sealed partial class LeaderboardService(NasArenaDb db, Access access, LeaderboardCache cache)
{
    public async Task<Leaderboard> GetAsync(Actor? actor, Guid phaseId, Board board, CancellationToken ct)
    {
        var phase = await PhaseAsync(actor, phaseId, ct);
        var now = DateTimeOffset.UtcNow;
        if (board == Board.Private && !BoardRules.IsRevealed(phase, now) && !await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct))
        {
            throw new ForbiddenException("The private leaderboard is not published yet" +
                (phase.RevealsAt is { } at ? $": it is revealed at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC." : "."));
        }
        var full = cache.Find(phaseId, board, phase.BoardVersion);
        if (full is null)
        {
            full = await ComputeAsync(phase, board, ct);
            cache.Store(phaseId, board, phase.BoardVersion, full);
        }
        // Frozen (ADR 0041): everyone but the organizers gets the board of what was submitted before the freeze, computed
        // once per board version beside the live one. Time passing the freeze changes no version, so it is decided here.
        if (board == Board.Public && BoardRules.IsFrozen(phase, now) && !await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct))
        {
            var frozenAt = phase.FreezesAt!.Value;
            full = await cache.DerivedAsync(full, $"frozen:{frozenAt.UtcTicks}", () => ComputeAsync(phase, board, ct, frozenAt));
        }
        return await ShowsUncertaintyAsync(actor, phase, ct) ? full : await WithoutUncertaintyAsync(full);
    }

    /// <summary>Organizers always see intervals and ties; everyone else when the phase shows them (Phase.ShowUncertainty).</summary>
    internal async Task<bool> ShowsUncertaintyAsync(Actor? actor, Phase phase, CancellationToken ct) =>
        phase.ShowUncertainty || await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct);

    /// <summary>The board without intervals and groups, kept beside the full one (so its JSON is also encoded once per version).</summary>
    private Task<Leaderboard> WithoutUncertaintyAsync(Leaderboard full) =>
        cache.DerivedAsync(full, "without-uncertainty", () => Task.FromResult(full with
        {
            Uncertainty = null,
            Rows = full.Rows.Select(r => r with { Low = null, High = null, TieGroup = null, TiedWithLeader = false }).ToList(),
        }));

    /// <summary>
    /// The phase with its track and competition, from LeaderboardCache when read less than a second ago (ADR 0020):
    /// shared between requests, so untracked and never changed here. NotFoundException when there is none.
    /// </summary>
    public async Task<Phase> PhaseAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Not cancelled by this caller once started (nor abandoned: its scope's DbContext runs the read), as other
        // viewers may be waiting for the same read (LeaderboardCache.PhaseAsync); one phase row is quick.
        var phase = await cache.PhaseAsync(phaseId, async () =>
            await db.Phases.AsNoTracking().Include(p => p.Track!).ThenInclude(t => t.Competition).SingleOrDefaultAsync(p => p.Id == phaseId, CancellationToken.None)
            ?? throw new NotFoundException(Access.NoPhase(phaseId)));
        // The draft rule (Access.CanSeeAsync) reads the database only for a draft: a published board stays a cache read.
        await access.RequireVisibleAsync(actor, phase.Track!.Competition!, Access.NoPhase(phaseId), ct);
        return phase;
    }

    private async Task<Leaderboard> ComputeAsync(Phase phase, Board board, CancellationToken ct, DateTimeOffset? frozenAt = null)
    {
        var phaseId = phase.Id;
        var scored = await Entrants(db, phaseId).ToListAsync(ct);
        // In memory: SQLite cannot compare DateTimeOffset columns.
        if (frozenAt is { } at) scored = scored.Where(s => s.CreatedAt < at).ToList();
        var picksOnly = board == Board.Private && phase.FinalPicks is not null;
        if (picksOnly) scored = FinalSelection.Entries(scored, phase);
        var (metric, higher) = BoardRules.MetricOf(phase, board);
        double? PrimaryOf(Submission s) => BoardRules.ValueOf(s, phase, board);
        var ordered = Rank(scored, PrimaryOf, higher);
        var groups = await TieGroupsAsync(phase, board, metric, higher, ordered.Where(o => !o.Baseline).Select(o => o.Best).ToList(), ct);
        var rows = new List<LeaderboardRow>();
        foreach (var (best, entries, baseline, rank) in ordered)
        {
            var score = best.Score!;
            var json = board == Board.Public ? score.PublicMetricsJson : score.PrivateMetricsJson;
            var current = score.BootstrapMetric == metric;
            var (low, high) = !current ? (null, null) : board == Board.Public ? (score.PublicLow, score.PublicHigh) : (score.PrivateLow, score.PrivateHigh);
            var group = groups.GetValueOrDefault(best.Id);
            rows.Add(new LeaderboardRow(rank, best.TeamId, best.Team!.Name, best.Id, PrimaryOf(best),
                ScoreRecords.FromJson(json), best.CreatedAt, entries, baseline, low, high, group, group == 1 && rank is not (null or 1)));
        }
        var resamples = ordered.Select(o => o.Best.Score!).Where(s => s.BootstrapMetric == metric).Select(s => s.BootstrapResamples).FirstOrDefault();
        var uncertainty = resamples == 0 ? null
            : new BoardUncertainty(resamples, Uncertainty.IntervalLevel, phase.TieLevel, Uncertainty.SeedText(phase.Id, board), Uncertainty.Resampled(phase));
        return new Leaderboard(phaseId, board, metric, higher, rows, uncertainty, frozenAt, picksOnly);
    }

    public async Task<string> CsvAsync(Actor? actor, Guid phaseId, Board board, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var leaderboard = await GetAsync(actor, phaseId, board, ct);
        var metricNames = leaderboard.Rows.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var ids = leaderboard.Rows.Select(r => r.SubmissionId).ToList();
        var provenance = new Dictionary<Guid, Jobs.ScoreProvenance?>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var p in await db.Scores.AsNoTracking().Where(s => chunk.Contains(s.SubmissionId)).Select(s => new { s.SubmissionId, s.ProvenanceJson }).ToListAsync(ct))
                provenance[p.SubmissionId] = Jobs.ScoreProvenance.Parse(p.ProvenanceJson);
        var csv = new StringBuilder();
        csv.Append(CsvRow.Header(new[] { "rank", "team", "submission_id", "submitted_at", "entries", "baseline" }.Concat(metricNames)
            .Concat(["primary_low", "primary_high", "tie_group", "scorer_version", "submission_sha256", "asset_sha256", "scoring_started", "scoring_finished", "attempts"]))).Append('\n');
        foreach (var row in leaderboard.Rows)
        {
            var cells = new CsvRow().Integer(row.Rank).Text(row.TeamName).Id(row.SubmissionId).Time(row.SubmittedAt).Integer(row.Entries)
                .Bool(row.IsBaseline);
            // "R" keeps every digit: the export is for organizers' own analysis.
            foreach (var m in metricNames)
            {
                cells.Number(row.Metrics.GetValueOrDefault(m));
            }
            cells.Number(row.Low).Number(row.High).Integer(row.TieGroup);
            // Provenance (what produced the number): empty for scores from before it was recorded.
            var made = provenance.GetValueOrDefault(row.SubmissionId);
            cells.Text(made?.ScorerVersion).Text(made?.SubmissionSha256)
                .Text(made is null ? "" : string.Join(' ', made.Assets.Select(a => $"{a.Kind}/{a.Name}={a.Sha256}")))
                .Time(made?.StartedAt).Time(made?.FinishedAt).Integer(made?.Attempts);
            csv.Append(cells).Append('\n');
        }
        return csv.ToString();
    }
}
