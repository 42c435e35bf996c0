using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Jobs.Accounting;

/// <summary>One line of the compute table: a phase's or a team's runs on one queue. Cost is null without a price.</summary>
public sealed record ComputeLine(string Name, string Queue, int Submissions, double WallHours, double CpuHours, double? GpuHours,
    long PeakMemoryBytes, double? EstimatedCost);

public sealed record ComputeSummary(string Currency, double? CpuPricePerHour, double? GpuPricePerHour, List<ComputeLine> PerPhase,
    List<ComputeLine> PerTeam, double? TotalCost);

/// <summary>
/// The compute a competition's submissions used (issue 25, item 7; ADR 0045), summed per phase and per team, each per
/// queue, with an estimate: wall hours times the operator's price per hour of that queue (a job holds a worker slot for
/// its wall time, whatever it does with it).
/// </summary>
public sealed class ComputeStatistics(NasArenaDb db, Access access, CompetitionService competitions, AccountingOptions prices)
{
    public async Task<ComputeSummary> ComputeAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var rows = await db.Submissions.AsNoTracking()
            .Where(s => s.Phase!.Track!.CompetitionId == competition.Id && (s.WallSeconds > 0 || s.ComputeSource != null))
            .Select(s => new
            {
                Phase = s.Phase!.Track!.Title + " · " + s.Phase.Title,
                Team = s.Team!.Name,
                s.Phase.Track.Kind,
                s.WallSeconds,
                s.CpuSeconds,
                s.GpuSeconds,
                s.PeakMemoryBytes,
            })
            .ToListAsync(ct);
        var lines = rows.Select(r => (r.Phase, r.Team, Queue: TrackCatalog.Get(r.Kind).Queue, r.WallSeconds, r.CpuSeconds, r.GpuSeconds, r.PeakMemoryBytes)).ToList();
        ComputeLine Sum(string name, string queue, IReadOnlyCollection<(string Phase, string Team, string Queue, double WallSeconds, double CpuSeconds,
            double? GpuSeconds, long PeakMemoryBytes)> of)
        {
            var wall = of.Sum(x => x.WallSeconds) / 3600;
            var gpu = of.Any(x => x.GpuSeconds is not null) ? of.Sum(x => x.GpuSeconds ?? 0) / 3600 : (double?)null;
            return new ComputeLine(name, queue, of.Count, wall, of.Sum(x => x.CpuSeconds) / 3600, gpu, of.Max(x => x.PeakMemoryBytes),
                prices.PricePerHour(queue) * wall);
        }
        var perPhase = lines.GroupBy(l => (l.Phase, l.Queue)).OrderBy(g => g.Key.Phase).Select(g => Sum(g.Key.Phase, g.Key.Queue, g.ToList())).ToList();
        var perTeam = lines.GroupBy(l => (l.Team, l.Queue)).Select(g => Sum(g.Key.Team, g.Key.Queue, g.ToList()))
            .OrderByDescending(l => l.WallHours).ToList();
        var total = perPhase.All(l => l.EstimatedCost is not null) ? perPhase.Sum(l => l.EstimatedCost) : null;
        return new ComputeSummary(prices.Currency, prices.CpuPricePerHour, prices.GpuPricePerHour, perPhase, perTeam, perPhase.Count == 0 ? 0 : total);
    }
}
