using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Assets.Latency;

/// <summary>
/// Runs on a worker of the queue the organizer chose: times every architecture of the phase's benchmark table with the
/// module that builds the networks (<see cref="ILatencyCalibrator"/>, the supernet module's TorchSharp networks) and
/// stores the table as the next version of the phase's "latency-table" asset, through the same upload path as an
/// organizer's file (so the organizer's rights are checked again and the scorer validates it).
/// </summary>
public sealed class CalibrateLatencyJob(NasArenaDb db, AssetStager stager, AssetService assets, ILogger<CalibrateLatencyJob> log)
{
    public const string BenchmarkKind = "benchmark-table";
    public const string LatencyKind = "latency-table";
    public const int Warmup = 3;
    public const int BatchN = 8;

    [Hangfire.AutomaticRetry(Attempts = 0)] // a failed timing is reported and asked for again by the organizer, not repeated blindly
    public async Task RunAsync(Guid phaseId, Guid organizerId, bool organizerIsAdmin, string queue, int repeats, CancellationToken ct)
    {
        var phase = await db.Phases.AsNoTracking().Include(p => p.Track).SingleAsync(p => p.Id == phaseId, ct);
        var table = await db.PhaseAssets.AsNoTracking().Include(a => a.Artifact)
            .FirstAsync(a => a.PhaseId == phaseId && a.Kind == BenchmarkKind && !a.IsPublic, ct);
        var path = await stager.StageAsync(table.Artifact!.ObjectKey, table.Artifact.Sha256, ct);
        var architectures = Architectures(path);
        using var settings = JsonDocument.Parse(PhaseSettings.Merge(phase.Track!.SettingsJson, phase.Slug));
        var space = settings.RootElement.TryGetProperty("space", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "demo";
        var threads = settings.RootElement.TryGetProperty("threads", out var t) && t.TryGetInt32(out var n) && n > 0 ? n : 2;

        // Whichever shipped module builds the networks (today the supernet module's TorchSharp networks).
        var calibrator = TrackCatalog.All.Where(d => TrackCatalog.IsShipped(d.Kind)).Select(d => TrackCatalog.Load(d.Kind))
            .OfType<ILatencyCalibrator>().FirstOrDefault()
            ?? throw new ScoringConfigurationException("No track module this worker ships can time networks (the supernet module, with TorchSharp, can).");
        log.LogInformation("Calibrating latencies of {Count} architectures of phase {Phase} on queue {Queue} ({Repeats} repeats)",
            architectures.Count, phaseId, queue, repeats);
        var json = calibrator.Calibrate(space, architectures, new LatencyCalibrationOptions(repeats, Warmup, BatchN, threads, queue), ct);
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var asset = await assets.UploadAsync(new Actor(organizerId, organizerIsAdmin), phaseId, LatencyKind, null, false,
            $"latency-{queue}.json", "application/json", content, ct);
        log.LogInformation("Latency table of phase {Phase} stored as version {Version}", phaseId, asset.Version);
    }

    /// <summary>The table's architecture strings, in its order (the scorer validated the table at upload).</summary>
    static List<string> Architectures(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. doc.RootElement.EnumerateObject().Select(e => e.Value.GetProperty("arch").GetString()!).Distinct(StringComparer.Ordinal)];
    }
}
