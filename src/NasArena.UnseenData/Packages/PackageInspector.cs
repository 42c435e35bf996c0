using System.IO.Compression;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Packages;

/// <summary>What the inspection found: the folder inside the zip that acts as the package root, and its files.</summary>
public sealed record PackageInfo(string RootPrefix, IReadOnlyList<string> Files, long UncompressedBytes);

/// <summary>
/// Checks a participant's package zip without extracting it: size, zip bomb, unsafe entries (traversal,
/// absolute paths, links, devices), the harness's reserved names and the three starting-kit classes.
/// Every refusal is a <see cref="SubmissionRejectedException"/> that names the entry and the rule.
/// </summary>
public static class PackageInspector
{
    public static readonly string[] ReservedNames = ["main.py", "score.py"];

    public static PackageInfo Inspect(string zipPath, string fileName, PackageLimits limits)
    {
        try
        {
            return InspectZip(zipPath, fileName, limits);
        }
        catch (InvalidDataException e)
        {
            // A zip whose directory reads but whose data does not (truncated upload, corrupt entry).
            throw new SubmissionRejectedException($"The package '{fileName}' is a damaged zip file ({e.Message}).");
        }
    }

    private static PackageInfo InspectZip(string zipPath, string fileName, PackageLimits limits)
    {
        var size = new FileInfo(zipPath).Length;
        if (size > limits.MaxPackageBytes)
            throw new SubmissionRejectedException(
                $"The package '{fileName}' is {size:N0} bytes; this track accepts at most {limits.MaxPackageBytes:N0} bytes.");

        using var zip = Open(zipPath, fileName);
        if (zip.Entries.Count > limits.MaxEntries)
            throw new SubmissionRejectedException($"The package holds {zip.Entries.Count:N0} entries; at most {limits.MaxEntries:N0} are allowed.");

        var names = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<string>();
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            var name = CheckEntryName(entry.FullName);
            if (!names.Add(name.TrimEnd('/')))
                throw new SubmissionRejectedException($"The package holds the entry '{entry.FullName}' twice.");
            CheckEntryType(entry);
            if (IsMacMetadata(name)) continue;
            total += entry.Length;
            if (total > limits.MaxUncompressedBytes)
                throw new SubmissionRejectedException(
                    $"The package unpacks to more than {limits.MaxUncompressedBytes:N0} bytes (a zip bomb or too much data); make it smaller.");
            if (entry.Length > 1 << 20 && entry.CompressedLength > 0 && (double)entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
                throw new SubmissionRejectedException(
                    $"The entry '{entry.FullName}' is compressed {entry.Length / Math.Max(1, entry.CompressedLength):N0} to 1 " +
                    $"(more than {limits.MaxCompressionRatio} to 1): refused as a zip bomb.");
            if (!name.EndsWith('/')) files.Add(name);
        }
        if (total > 1 << 20 && total / (double)size > limits.MaxCompressionRatio)
            throw new SubmissionRejectedException(
                $"The package unpacks to {total:N0} bytes from {size:N0} (more than {limits.MaxCompressionRatio} to 1): refused as a zip bomb.");

        var root = FindRoot(files);
        var rootFiles = files.Where(f => f.StartsWith(root, StringComparison.Ordinal)).Select(f => f[root.Length..]).ToList();
        foreach (var reserved in ReservedNames)
            if (rootFiles.Contains(reserved))
                throw new SubmissionRejectedException(
                    $"The package holds '{root}{reserved}', a name the platform's harness uses for itself ({string.Join(", ", ReservedNames)}); rename that file.");

        var sources = rootFiles.Where(f => !f.Contains('/') && f.EndsWith(".py", StringComparison.Ordinal))
            .ToDictionary(f => f, f => ReadText(zip.GetEntry(root + f)!));
        var missing = StarterKitClasses.Missing(sources);
        if (missing.Count > 0)
            throw new SubmissionRejectedException(
                $"The package defines no class {string.Join(", ", missing)} in the .py files at its root " +
                $"({(sources.Count == 0 ? "it has none" : string.Join(", ", sources.Keys.Order()))}). " +
                "The starting kit's API needs DataProcessor, NAS and Trainer, each defined (class NAS: ...) or imported at top level.");
        return new PackageInfo(root, rootFiles, total);
    }

    internal static ZipArchive Open(string zipPath, string fileName)
    {
        try
        {
            return ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new SubmissionRejectedException($"The package '{fileName}' is not a readable zip file ({e.Message}).");
        }
    }

    /// <summary>Names use '/' only, are relative and never climb: anything else could land outside the extraction folder.</summary>
    internal static string CheckEntryName(string fullName)
    {
        if (fullName.Length == 0 || fullName.Contains('\0'))
            throw new SubmissionRejectedException("The package holds an entry with an empty or NUL-containing name.");
        if (fullName.Contains('\\'))
            throw new SubmissionRejectedException($"The entry '{fullName}' uses a backslash; zip entries must use '/' between folders.");
        if (fullName.StartsWith('/') || (fullName.Length > 1 && fullName[1] == ':'))
            throw new SubmissionRejectedException($"The entry '{fullName}' is an absolute path; entries must be relative to the package.");
        if (fullName.Split('/').Any(part => part == ".."))
            throw new SubmissionRejectedException($"The entry '{fullName}' climbs out of the package with '..' (path traversal).");
        return fullName;
    }

    /// <summary>Unix zips keep the file mode in the high 16 bits of the external attributes: only plain files and folders pass.</summary>
    private static void CheckEntryType(ZipArchiveEntry entry)
    {
        int mode = (entry.ExternalAttributes >> 16) & 0xF000;
        switch (mode)
        {
            case 0 or 0x8000 or 0x4000: return;
            case 0xA000:
                throw new SubmissionRejectedException($"The entry '{entry.FullName}' is a symbolic link; packages may hold only plain files and folders.");
            default:
                throw new SubmissionRejectedException($"The entry '{entry.FullName}' is a special file (mode 0x{mode:X}); packages may hold only plain files and folders.");
        }
    }

    internal static bool IsMacMetadata(string name) => name.StartsWith("__MACOSX/", StringComparison.Ordinal) || name == "__MACOSX/";

    /// <summary>A zip made by compressing the package folder has everything under one folder: that folder is the root.</summary>
    internal static string FindRoot(IReadOnlyList<string> files)
    {
        if (files.Count == 0 || files.Any(f => !f.Contains('/'))) return "";
        var first = files[0][..(files[0].IndexOf('/') + 1)];
        return files.All(f => f.StartsWith(first, StringComparison.Ordinal)) ? first : "";
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        // A source file larger than this is not a hand-written module; reading its start is enough for the class check.
        using var stream = entry.Open();
        using var reader = new StreamReader(stream);
        var buffer = new char[4 << 20];
        int n = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n);
    }
}
