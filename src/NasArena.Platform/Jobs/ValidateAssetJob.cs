using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Validates a hidden asset that the process which took the upload could not (mode web ships no TorchSharp nor sandbox):
/// runs on a worker of the track kind's queue, with the same scorer check as an upload to a process that has it, and
/// records valid or invalid with the scorer's reason. Safe to run twice: it only ever moves a pending asset of the same file.
/// </summary>
public sealed class ValidateAssetJob(NasArenaDb db, AssetStager stager, ScorerRegistry scorers, ILogger<ValidateAssetJob> log)
{
    [Hangfire.AutomaticRetry(Attempts = 3)] // a worker killed mid-check, or storage down: the check is cheap to repeat
    public async Task RunAsync(Guid assetId, Guid artifactId, CancellationToken ct)
    {
        var asset = await db.PhaseAssets.Include(a => a.Artifact).SingleOrDefaultAsync(a => a.Id == assetId, ct);
        if (asset is null || asset.ArtifactId != artifactId || asset.Validation != AssetValidation.Pending)
        {
            log.LogInformation("Asset {Asset} (file {Artifact}) is not waiting for validation; nothing to do", assetId, artifactId);
            return;
        }
        var phase = await db.Phases.Include(p => p.Track).SingleAsync(p => p.Id == asset.PhaseId, ct);
        var path = await stager.StageAsync(asset.Artifact!.ObjectKey, asset.Artifact.Sha256, ct);
        string? refusal = null;
        try
        {
            using var settings = JsonDocument.Parse(PhaseSettings.Merge(phase.Track!.SettingsJson, phase.Slug));
            await scorers.Get(phase.Track.Kind).ValidateAssetAsync(asset.Kind, path, settings.RootElement, ct);
        }
        catch (AssetRejectedException e)
        {
            refusal = e.Message;
        }
        catch (ScoringConfigurationException e)
        {
            // The track's settings do not parse: the asset cannot be judged until they are fixed; say so rather than pass it.
            refusal = "the track's settings are wrong: " + e.Message;
        }
        var moved = await db.PhaseAssets.Where(a => a.Id == assetId && a.ArtifactId == artifactId && a.Validation == AssetValidation.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Validation, refusal is null ? AssetValidation.Valid : AssetValidation.Invalid)
                .SetProperty(a => a.ValidationMessage, refusal), ct);
        log.LogInformation("Asset {Asset} validated: {Outcome} ({Moved} row)", assetId, refusal ?? "valid", moved);
    }
}
