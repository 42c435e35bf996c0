using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tracks;

/// <summary>
/// Brings a phase's hidden assets to local disk for a scorer. Files are cached by content hash, so a worker
/// downloads each data set once however many submissions it scores.
/// </summary>
public sealed class AssetStager(NasArenaDb db, IObjectStore store, StorageOptions options)
{
    private static readonly SemaphoreSlim CacheLock = new(1, 1);

    public string CacheDir => Path.Combine(options.ScratchDir, "asset-cache");

    /// <summary>The hidden assets a ranked run is scored on; never the debug split (ADR 0044).</summary>
    public Task<IReadOnlyList<StagedAsset>> StageHiddenAsync(Guid phaseId, CancellationToken ct) => StageAsync(phaseId, debug: false, ct);

    /// <summary>The debug split only, for a debug run: a hidden asset is never staged for one (ADR 0044).</summary>
    public Task<IReadOnlyList<StagedAsset>> StageDebugAsync(Guid phaseId, CancellationToken ct) => StageAsync(phaseId, debug: true, ct);

    private async Task<IReadOnlyList<StagedAsset>> StageAsync(Guid phaseId, bool debug, CancellationToken ct)
    {
        var assets = await db.PhaseAssets.Include(a => a.Artifact)
            .Where(a => a.PhaseId == phaseId && !a.IsPublic && a.IsDebug == debug).OrderBy(a => a.Kind).ThenBy(a => a.Name).ToListAsync(ct);
        var staged = new List<StagedAsset>();
        foreach (var asset in assets)
        {
            var path = await StageAsync(asset.Artifact!.ObjectKey, asset.Artifact.Sha256, ct);
            staged.Add(new StagedAsset(asset.Kind, asset.Name, path, asset.Artifact.Sha256, asset.Version));
        }
        return staged;
    }

    public async Task<string> StageAsync(string objectKey, string sha256, CancellationToken ct)
    {
        Directory.CreateDirectory(CacheDir);
        var path = Path.Combine(CacheDir, sha256);
        await CacheLock.WaitAsync(ct);
        try
        {
            if (!File.Exists(path))
            {
                var partial = path + ".partial";
                await store.DownloadToFileAsync(objectKey, partial, ct);
                File.Move(partial, path, overwrite: true);
            }
        }
        finally
        {
            CacheLock.Release();
        }
        return path;
    }
}
