using System.Security.Cryptography;

namespace NasArena.Platform.Storage;

/// <summary>A network upload written to a local scratch file, hashed and size-limited on the way.</summary>
public sealed record SpooledFile(string Path, long SizeBytes, string Sha256) : IDisposable
{
    public void Dispose() => File.Delete(Path);
}

public sealed class UploadTooLargeException(long limit)
    : Exception($"The file is larger than this track's limit of {FormatBytes(limit)}.")
{
    public long Limit { get; } = limit;

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} bytes",
    };
}

public static class UploadSpool
{
    /// <summary>
    /// Copies <paramref name="source"/> to a new scratch file with a fixed-size buffer (memory does not grow with
    /// the upload), computing SHA-256, and stops as soon as more than <paramref name="maxBytes"/> arrive.
    /// The scratch file is removed on any failure.
    /// </summary>
    public static async Task<SpooledFile> SpoolAsync(Stream source, string scratchDir, long maxBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(scratchDir);
        var path = System.IO.Path.Combine(scratchDir, "upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            var buffer = new byte[1 << 16];
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new UploadTooLargeException(maxBytes);
                    }
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return new SpooledFile(path, total, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
