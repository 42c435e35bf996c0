using System.IO.Compression;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Datasets;

/// <summary>A data set on local disk: PublicDirectory is what the sandbox sees; the hidden files live beside it, never mounted.</summary>
public sealed record StagedDataset(string Name, DatasetMetadata Metadata, string PublicDirectory, string TestLabelsPath, string? PrivateMaskPath);

/// <summary>
/// Extracts data set assets once per content hash into a cache folder: {cache}/{sha256}/public holds the participant's
/// inputs, {cache}/{sha256}/hidden holds test_y (and the private mask). Extraction goes to a temporary folder that is
/// renamed into place, so concurrent workers never see half a data set.
/// </summary>
public sealed class DatasetStager(string cacheDirectory)
{
    public StagedDataset Stage(StagedAsset asset)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(asset.Sha256, "^[0-9a-fA-F]{16,128}$"))
            throw new ScoringConfigurationException($"Data set asset '{asset.Name}' has no usable sha256 ('{asset.Sha256}').");
        var final = Path.Combine(cacheDirectory, asset.Sha256.ToLowerInvariant());
        if (!File.Exists(Path.Combine(final, "complete")))
        {
            try
            {
                DatasetAsset.Validate(asset.Path, asset.Name);
            }
            catch (AssetRejectedException e)
            {
                // Assets are checked on upload; one that fails now is the organizer's problem, not the participant's.
                throw new ScoringConfigurationException(e.Message);
            }
            var temp = final + ".tmp-" + Guid.NewGuid().ToString("N");
            Extract(asset, temp);
            File.WriteAllText(Path.Combine(temp, "complete"), asset.Sha256);
            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (File.Exists(Path.Combine(final, "complete")))
            {
                Directory.Delete(temp, true); // another worker staged it first
            }
        }
        var publicDir = Path.Combine(final, "public");
        var meta = DatasetMetadata.Parse(File.ReadAllText(Path.Combine(publicDir, "metadata.json")), $"Data set '{asset.Name}'");
        var mask = Path.Combine(final, "hidden", DatasetAsset.PrivateMask);
        return new StagedDataset(asset.Name, meta, publicDir, Path.Combine(final, "hidden", DatasetAsset.TestLabels), File.Exists(mask) ? mask : null);
    }

    private static void Extract(StagedAsset asset, string target)
    {
        Directory.CreateDirectory(Path.Combine(target, "public"));
        Directory.CreateDirectory(Path.Combine(target, "hidden"));
        using var zip = DatasetAsset.OpenZip(asset.Path, asset.Name);
        var (_, entries) = DatasetAsset.Index(zip, asset.Name);
        foreach (var name in DatasetAsset.PublicFiles)
            entries[name].ExtractToFile(Path.Combine(target, "public", name));
        entries[DatasetAsset.TestLabels].ExtractToFile(Path.Combine(target, "hidden", DatasetAsset.TestLabels));
        if (entries.TryGetValue(DatasetAsset.PrivateMask, out var mask))
            mask.ExtractToFile(Path.Combine(target, "hidden", DatasetAsset.PrivateMask));
        // The sandbox user must read the inputs whatever umask the worker runs with; nothing in there is writable.
        if (OperatingSystem.IsWindows()) return;
        foreach (var f in Directory.GetFiles(Path.Combine(target, "public")))
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
