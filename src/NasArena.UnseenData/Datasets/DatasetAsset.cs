using System.IO.Compression;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Datasets;

/// <summary>
/// A data set asset: a zip holding train_x, train_y, valid_x, valid_y, test_x, test_y (.npy, N first) and metadata.json,
/// optionally test_private_mask.npy (1 = the test item counts for the private leaderboard, 0 = public).
/// </summary>
public static class DatasetAsset
{
    public static readonly string[] PublicFiles = ["train_x.npy", "train_y.npy", "valid_x.npy", "valid_y.npy", "test_x.npy", "metadata.json"];
    public const string TestLabels = "test_y.npy";
    public const string PrivateMask = "test_private_mask.npy";

    /// <summary>Checks the asset; throws <see cref="AssetRejectedException"/> naming the file and the fault.</summary>
    public static DatasetMetadata Validate(string zipPath, string assetName)
    {
        using var zip = OpenZip(zipPath, assetName);
        var (root, entries) = Index(zip, assetName);
        foreach (var required in PublicFiles.Append(TestLabels))
            if (!entries.ContainsKey(required))
                throw new AssetRejectedException($"Data set '{assetName}' has no {required} (needs {string.Join(", ", PublicFiles.Append(TestLabels))}).");

        string metadataText;
        using (var reader = new StreamReader(entries["metadata.json"].Open())) metadataText = reader.ReadToEnd();
        var meta = DatasetMetadata.Parse(metadataText, $"Data set '{assetName}'");

        foreach (var split in new[] { "train", "valid", "test" })
        {
            var x = Header(entries[$"{split}_x.npy"], assetName);
            if (x.Kind is not ('f' or 'i' or 'u' or 'b') || x.Shape.Count < 2)
                throw new AssetRejectedException($"Data set '{assetName}': {split}_x.npy has dtype '{x.Descr}' and shape {x.ShapeText}; expected numbers shaped (N, {string.Join(", ", meta.InputShape)}).");
            if (!x.Shape.Skip(1).SequenceEqual(meta.InputShape))
                throw new AssetRejectedException($"Data set '{assetName}': {split}_x.npy has shape {x.ShapeText} but metadata.json says input_shape [{string.Join(", ", meta.InputShape)}].");
            var y = Labels(entries[$"{split}_y.npy"], assetName);
            if (y.Length != x.Shape[0])
                throw new AssetRejectedException($"Data set '{assetName}': {split}_x.npy has {x.Shape[0]} items but {split}_y.npy has {y.Length} labels.");
            if (y.Length == 0)
                throw new AssetRejectedException($"Data set '{assetName}': the {split} split is empty.");
            for (int i = 0; i < y.Length; i++)
                if (y[i] < 0 || y[i] >= meta.NumClasses)
                    throw new AssetRejectedException($"Data set '{assetName}': {split}_y.npy[{i}] = {y[i]} is outside the classes 0..{meta.NumClasses - 1} of metadata.json.");
        }
        if (entries.TryGetValue(PrivateMask, out var maskEntry))
        {
            var mask = Labels(maskEntry, assetName);
            var n = Header(entries["test_x.npy"], assetName).Shape[0];
            if (mask.Length != n || mask.Any(v => v is not (0 or 1)))
                throw new AssetRejectedException($"Data set '{assetName}': {PrivateMask} must hold {n} values of 0 (public) or 1 (private).");
        }
        _ = root;
        return meta;
    }

    internal static ZipArchive OpenZip(string zipPath, string assetName)
    {
        try
        {
            return ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new AssetRejectedException($"Data set '{assetName}' is not a readable zip file ({e.Message}).");
        }
    }

    /// <summary>The data set's files by name; they may sit at the zip's root or in one folder.</summary>
    internal static (string Root, Dictionary<string, ZipArchiveEntry> Entries) Index(ZipArchive zip, string assetName)
    {
        var files = zip.Entries.Where(e => !e.FullName.EndsWith('/') && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)).ToList();
        foreach (var e in files)
            if (e.FullName.Contains('\\') || e.FullName.StartsWith('/') || e.FullName.Split('/').Contains(".."))
                throw new AssetRejectedException($"Data set '{assetName}' holds the unsafe entry name '{e.FullName}'.");
        var root = files.Count > 0 && files.All(f => f.FullName.Contains('/'))
            && files.Select(f => f.FullName[..(f.FullName.IndexOf('/') + 1)]).Distinct().Count() == 1
            ? files[0].FullName[..(files[0].FullName.IndexOf('/') + 1)] : "";
        var entries = files.Where(f => f.FullName.StartsWith(root, StringComparison.Ordinal) && !f.FullName[root.Length..].Contains('/'))
            .ToDictionary(f => f.FullName[root.Length..], f => f);
        return (root, entries);
    }

    private static NpyHeader Header(ZipArchiveEntry entry, string assetName)
    {
        try
        {
            using var s = entry.Open();
            return NpyHeader.Read(s, entry.Name);
        }
        catch (InvalidDataException e)
        {
            throw new AssetRejectedException($"Data set '{assetName}': {e.Message}");
        }
    }

    private static long[] Labels(ZipArchiveEntry entry, string assetName)
    {
        try
        {
            using var s = entry.Open();
            return NpyArray.ReadIntegers(s, entry.Name);
        }
        catch (InvalidDataException e)
        {
            throw new AssetRejectedException($"Data set '{assetName}': {e.Message}");
        }
    }
}
