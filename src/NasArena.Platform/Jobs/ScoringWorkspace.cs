using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>A submission's file and its phase's hidden assets (a debug run's: the debug split) on local disk, for the duration of one job.</summary>
public sealed class ScoringWorkspace : IDisposable
{
    private readonly string _dir;
    private readonly JsonDocument _settings;

    public Submission Submission { get; }
    public Phase Phase { get; }
    public ScoringRequest Request { get; }

    private ScoringWorkspace(string dir, JsonDocument settings, Submission submission, Phase phase, ScoringRequest request)
    {
        _dir = dir;
        _settings = settings;
        Submission = submission;
        Phase = phase;
        Request = request;
    }

    public static async Task<ScoringWorkspace> StageAsync(NasArenaDb db, IObjectStore store, AssetStager stager, ProcessScratch scratch,
        Submissions.Debug.DebugRunOptions debugRuns, Guid submissionId, IProgress<ScoringProgress>? progress, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Artifact).SingleAsync(s => s.Id == submissionId, ct);
        var phase = await db.Phases.AsNoTracking().Include(p => p.Track).SingleAsync(p => p.Id == submission.PhaseId, ct);
        var dir = Path.Combine(scratch.Jobs, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, submission.Artifact!.FileName);
            await store.DownloadToFileAsync(submission.Artifact.ObjectKey, file, ct);
            // A debug run never sees a hidden asset, and runs under the debug time limit (ADR 0044).
            var assets = submission.IsDebug ? await stager.StageDebugAsync(phase.Id, ct) : await stager.StageHiddenAsync(phase.Id, ct);
            var merged = await ScorerSettingsAsync(db, phase, ct);
            var settings = JsonDocument.Parse(submission.IsDebug
                ? Submissions.Debug.DebugRuns.ForDebugRun(phase.Track!.Kind, merged, Submissions.Debug.DebugRuns.TimeLimitSeconds(phase, debugRuns))
                : merged);
            var request = new ScoringRequest(file, submission.FileName, assets, settings.RootElement, progress);
            return new ScoringWorkspace(dir, settings, submission, phase, request);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The settings the scorer gets: the track's, merged for the phase, and on an unseen-data track the platform's
    /// private-split seed where the organizer set none (ADR 0035), kept from participants by OrganizerOnlySettings
    /// wherever these settings are shown (the score's provenance).
    /// </summary>
    public static async Task<string> ScorerSettingsAsync(NasArenaDb db, Phase phase, CancellationToken ct)
    {
        var merged = PhaseSettings.Merge(phase.Track!.SettingsJson, phase.Slug);
        return TrackCatalog.Get(phase.Track.Kind).PlatformSecretSetting is { } key ? SplitSeeds.Apply(merged, key, await SplitSeeds.OfAsync(db, phase, ct)) : merged;
    }

    public void Dispose()
    {
        _settings.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // In this process's scratch folder: removed with it once the process has ended (ProcessScratch).
        }
    }
}
