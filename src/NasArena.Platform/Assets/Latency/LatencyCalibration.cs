using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Assets.Latency;

/// <summary>What an organizer asks for: the queue whose hardware is timed and how many timed passes per architecture.</summary>
public sealed record LatencyCalibrationRequest(string? Queue, int? Repeats);

/// <summary>What was enqueued.</summary>
public sealed record LatencyCalibrationAccepted(string JobId, string Queue, int Repeats, int BenchmarkTableVersion);

/// <summary>
/// The organizer action of a hardware-aware multi-objective track (ADR 0048): enqueue a <see cref="CalibrateLatencyJob"/>
/// on the queue whose machines the latencies should describe. Checked here, before anything is queued: the caller
/// organizes the competition, the track is of that kind, the queue is one the platform runs, the repeats are within
/// bounds (a participant-facing cost: a huge count would hold a worker), and the benchmark table to time is there.
/// </summary>
public sealed class LatencyCalibrationService(NasArenaDb db, Access access, IBackgroundJobClient jobs)
{
    public const int DefaultRepeats = 15;
    public const int MaxRepeats = 200;

    public async Task<LatencyCalibrationAccepted> RequestAsync(Actor? actor, Guid phaseId, LatencyCalibrationRequest request, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        if (!TrackCatalog.Get(phase.Track.Kind).HiddenAssetKinds.Contains(CalibrateLatencyJob.LatencyKind))
            throw new InvalidInputException($"A latency calibration fills a track's '{CalibrateLatencyJob.LatencyKind}'; a {phase.Track.Kind} track takes none.");
        var queue = (request.Queue ?? Queues.Cpu).Trim().ToLowerInvariant();
        if (queue is not (Queues.Cpu or Queues.Gpu))
            throw new InvalidInputException($"'queue' is \"{request.Queue}\"; expected \"{Queues.Cpu}\" or \"{Queues.Gpu}\".");
        var repeats = request.Repeats ?? DefaultRepeats;
        if (repeats is < 1 or > MaxRepeats)
            throw new InvalidInputException($"'repeats' is {repeats}; expected a whole number from 1 to {MaxRepeats}.");
        var table = await db.PhaseAssets.AsNoTracking()
            .FirstOrDefaultAsync(a => a.PhaseId == phaseId && a.Kind == CalibrateLatencyJob.BenchmarkKind && !a.IsPublic, ct)
            ?? throw new ConflictException("Upload the benchmark table (asset kind 'benchmark-table') first: the calibration times its architectures.");
        var id = jobs.Enqueue<CalibrateLatencyJob>(queue, j => j.RunAsync(phaseId, actor!.UserId, actor.IsAdmin, queue, repeats, CancellationToken.None));
        return new LatencyCalibrationAccepted(id, queue, repeats, table.Version);
    }
}
