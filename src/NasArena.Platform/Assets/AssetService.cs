using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Assets;

/// <summary>Organizer files of a phase: hidden ones validated by the track's scorer on upload; public ones for download.</summary>
public sealed class AssetService(NasArenaDb db, Access access, IObjectStore store, ProcessScratch scratch, ScorerRegistry scorers, IScoringQueue queue, TimeProvider clock)
{
    public const long MaxAssetBytes = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// What can be checked before the file is sent: the caller organizes the phase's competition, the kind and name,
    /// and (when given) the declared size. Returns the kind and name as stored.
    /// </summary>
    public async Task<(string Kind, string Name)> AdmitAsync(Actor? actor, Guid phaseId, string kind, string? name, bool isPublic, bool isDebug,
        string fileName, long? sizeBytes, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        name = DebugName(kind, name, isPublic, isDebug);
        return await AdmitAsync(actor, phase, kind, name, isPublic, fileName, sizeBytes, ct);
    }

    /// <summary>A debug split's asset (ADR 0044) is hidden-kind, never public, and named apart from the hidden one by default.</summary>
    private static string? DebugName(string kind, string? name, bool isPublic, bool isDebug)
    {
        if (isDebug && isPublic)
        {
            throw new InvalidInputException("'debug' and 'public' exclude each other: a debug asset is of a hidden kind, staged for debug runs only.");
        }
        // Never the hidden asset's default name, which it would replace.
        return isDebug && string.IsNullOrWhiteSpace(name) ? "debug-" + (kind ?? "").Trim() : name;
    }

    private async Task<(string Kind, string Name)> AdmitAsync(Actor? actor, Phase phase, string kind, string? name, bool isPublic,
        string fileName, long? sizeBytes, CancellationToken ct)
    {
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var scorer = scorers.Find(phase.Track.Kind);
        // Without the scorer in this process (mode web), the catalogue still knows which kinds the track takes.
        var hiddenKinds = scorer?.AssetKinds ?? TrackCatalog.Get(phase.Track.Kind).HiddenAssetKinds;
        kind = (kind ?? "").Trim();
        name = string.IsNullOrWhiteSpace(name) ? kind : name.Trim();
        if (kind.Length is 0 or > 64 || name.Length > 128)
        {
            throw new InvalidInputException("'kind' (1 to 64 characters) is required; 'name' may have at most 128 characters.");
        }
        if (!isPublic && !hiddenKinds.Contains(kind))
        {
            throw new InvalidInputException($"A {phase.Track.Kind} track takes hidden assets of kind {string.Join(", ", hiddenKinds.Select(k => $"'{k}'"))}, not '{kind}'.");
        }
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new InvalidInputException("The upload has no file name.");
        }
        if (sizeBytes > MaxAssetBytes)
        {
            throw new FileTooLargeException($"The file '{fileName}' is {UploadTooLargeException.FormatBytes(sizeBytes.Value)}; an asset may have at most {UploadTooLargeException.FormatBytes(MaxAssetBytes)}.");
        }
        if (sizeBytes <= 0)
        {
            throw new InvalidFileException($"The file '{fileName}' is empty.");
        }
        return (kind, name);
    }

    public Task<PhaseAsset> UploadAsync(Actor? actor, Guid phaseId, string kind, string? name, bool isPublic,
        string fileName, string contentType, Stream content, CancellationToken ct) =>
        UploadAsync(actor, phaseId, kind, name, isPublic, fileName, contentType, content, expectedSha256: null, ct);

    public Task<PhaseAsset> UploadAsync(Actor? actor, Guid phaseId, string kind, string? name, bool isPublic,
        string fileName, string contentType, Stream content, string? expectedSha256, CancellationToken ct) =>
        UploadAsync(actor, phaseId, kind, name, isPublic, isDebug: false, fileName, contentType, content, expectedSha256, ct);

    /// <summary>The one path of an asset's file, multipart or assembled from a resumable upload (<paramref name="expectedSha256"/> then checked).
    /// <paramref name="isDebug"/>: part of the debug split (ADR 0044), of a hidden kind, checked like a hidden asset.</summary>
    public async Task<PhaseAsset> UploadAsync(Actor? actor, Guid phaseId, string kind, string? name, bool isPublic, bool isDebug,
        string fileName, string contentType, Stream content, string? expectedSha256, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        name = DebugName(kind, name, isPublic, isDebug);
        (kind, name) = await AdmitAsync(actor, phase, kind, name, isPublic, fileName, sizeBytes: null, ct);
        var scorer = scorers.Find(phase.Track!.Kind);

        using var spooled = await Spool(content, ct);
        if (spooled.SizeBytes == 0)
        {
            throw new InvalidFileException($"The file '{fileName}' is empty.");
        }
        if (expectedSha256 is not null && !string.Equals(expectedSha256, spooled.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidFileException($"The file '{fileName}' arrived with SHA-256 {spooled.Sha256}, not the {expectedSha256} declared " +
                "when the upload started: it changed or was damaged on the way. Upload it again.");
        }
        if (!isPublic && scorer is not null)
        {
            try
            {
                using var settings = JsonDocument.Parse(PhaseSettings.Merge(phase.Track.SettingsJson, phase.Slug));
                await scorer.ValidateAssetAsync(kind, spooled.Path, settings.RootElement, ct);
            }
            catch (AssetRejectedException e)
            {
                throw new InvalidFileException($"The {kind} '{fileName}' was not accepted: {e.Message}");
            }
        }

        var artifact = new Artifact
        {
            ObjectKey = $"assets/{phase.Id}/{Guid.NewGuid():N}/{SafeFileName.From(fileName)}",
            SizeBytes = spooled.SizeBytes,
            Sha256 = spooled.Sha256,
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            FileName = SafeFileName.From(fileName),
            CreatedAt = clock.GetUtcNow(),
        };
        await store.PutFileAsync(artifact.ObjectKey, spooled.Path, artifact.ContentType, ct);
        try
        {
            var existing = await db.PhaseAssets.Include(a => a.Artifact)
                .SingleOrDefaultAsync(a => a.PhaseId == phase.Id && a.Kind == kind && a.Name == name, ct);
            if (existing is not null && existing.IsDebug != isDebug)
            {
                // Replacing across the line would turn hidden data into the debug split (or back) by a name.
                throw new InvalidInputException($"The {kind} '{name}' is {(existing.IsDebug ? "a debug" : "a hidden or public")} asset; " +
                    $"upload the {(isDebug ? "debug" : "other")} file under another 'name'.");
            }
            var asset = existing ?? new PhaseAsset { PhaseId = phase.Id, Kind = kind, Name = name, IsDebug = isDebug };
            var replaced = existing?.Artifact;
            // Added explicitly: a new entity with its key already set would otherwise be taken for an existing row.
            db.Artifacts.Add(artifact);
            asset.Artifact = artifact;
            if (replaced is not null)
            {
                db.Artifacts.Remove(replaced);
            }
            if (existing is not null)
            {
                asset.Version++; // what participants are told a score used, instead of the file's hash
            }
            asset.IsPublic = isPublic;
            asset.UploadedAt = clock.GetUtcNow();
            // Checked above when this process has the scorer; otherwise a worker of the kind's queue checks it.
            asset.Validation = !isPublic && scorer is null ? AssetValidation.Pending : AssetValidation.Valid;
            asset.ValidationMessage = null;
            if (existing is null)
            {
                db.PhaseAssets.Add(asset);
            }
            await db.SaveChangesAsync(ct);
            if (replaced is not null)
            {
                // The old version stays readable until the new row is committed, then goes.
                await store.DeleteAsync(replaced.ObjectKey, ct);
            }
            if (asset.Validation == AssetValidation.Pending)
            {
                // Enqueued after the commit: a job that ran first would find no pending row. A lost enqueue (the process
                // died in between) leaves the asset pending, which the pre-publish check shows; uploading it again retries.
                queue.ValidateAsset(asset.Id, artifact.Id, phase.Track.Kind);
            }
            return asset;
        }
        catch
        {
            await store.DeleteAsync(artifact.ObjectKey, CancellationToken.None);
            throw;
        }
    }

    private async Task<SpooledFile> Spool(Stream content, CancellationToken ct)
    {
        try
        {
            return await UploadSpool.SpoolAsync(content, scratch.Uploads, MaxAssetBytes, ct);
        }
        catch (UploadTooLargeException e)
        {
            throw new FileTooLargeException(e.Message);
        }
    }

    public async Task<List<PhaseAsset>> ListAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var organizer = await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        return await db.PhaseAssets.Include(a => a.Artifact)
            .Where(a => a.PhaseId == phaseId && (organizer || a.IsPublic || a.IsDebug)).OrderBy(a => a.Kind).ThenBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>Public assets are for everyone, and the debug split (a debug run's full log may show it, ADR 0044); hidden
    /// ones never reach anyone but the organizers.</summary>
    public async Task<(PhaseAsset Asset, Stream Content)> OpenAsync(Actor? actor, Guid phaseId, Guid assetId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var asset = await db.PhaseAssets.Include(a => a.Artifact).SingleOrDefaultAsync(a => a.Id == assetId && a.PhaseId == phaseId, ct)
            ?? throw new NotFoundException($"The phase has no asset with id {assetId}.");
        if (!asset.IsPublic && !asset.IsDebug && !await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct))
        {
            // Same answer as a missing asset: participants cannot even confirm which hidden files exist.
            throw new NotFoundException($"The phase has no asset with id {assetId}.");
        }
        return (asset, await store.OpenReadAsync(asset.Artifact!.ObjectKey, ct));
    }
}
