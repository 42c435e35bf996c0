using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Packages;

/// <summary>
/// Extracts a package that <see cref="PackageInspector"/> accepted, re-checking every name against the target
/// folder and counting the bytes actually written (declared sizes in a zip can lie).
/// </summary>
public static class SafeExtractor
{
    public static void Extract(string zipPath, string fileName, string rootPrefix, string targetDirectory, long maxBytes)
    {
        try
        {
            ExtractZip(zipPath, fileName, rootPrefix, targetDirectory, maxBytes);
        }
        catch (InvalidDataException e)
        {
            throw new SubmissionRejectedException($"The package '{fileName}' is a damaged zip file ({e.Message}).");
        }
    }

    private static void ExtractZip(string zipPath, string fileName, string rootPrefix, string targetDirectory, long maxBytes)
    {
        var target = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(target);
        var targetWithSlash = target.EndsWith('/') ? target : target + "/";
        using var zip = PackageInspector.Open(zipPath, fileName);
        long written = 0;
        var buffer = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            var name = PackageInspector.CheckEntryName(entry.FullName);
            if (PackageInspector.IsMacMetadata(name) || !name.StartsWith(rootPrefix, StringComparison.Ordinal)) continue;
            var relative = name[rootPrefix.Length..];
            if (relative.Length == 0) continue;
            var path = Path.GetFullPath(Path.Combine(target, relative));
            if (!path.StartsWith(targetWithSlash, StringComparison.Ordinal))
                throw new SubmissionRejectedException($"The entry '{entry.FullName}' would land outside the package folder.");
            if (relative.EndsWith('/'))
            {
                Directory.CreateDirectory(path);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var input = entry.Open();
            // CreateNew: a second entry can never overwrite (or follow) something already there.
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                written += n;
                if (written > maxBytes)
                    throw new SubmissionRejectedException($"The package unpacks to more than {maxBytes:N0} bytes (a zip bomb or too much data).");
                output.Write(buffer, 0, n);
            }
        }
    }
}
