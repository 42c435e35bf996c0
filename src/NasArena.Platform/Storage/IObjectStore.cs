namespace NasArena.Platform.Storage;

/// <summary>
/// Object storage: files on disk in the embedded default, S3/MinIO in production (ADR 0004).
/// Callers hand over local files; uploads from the network are spooled to disk first by
/// <see cref="UploadSpool"/>, which hashes and limits them on the way.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores a local file under a key (replacing nothing: keys are unique per object).</summary>
    Task PutFileAsync(string key, string localPath, string contentType, CancellationToken ct);

    Task<Stream> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Copies an object to a local file (streamed).</summary>
    Task DownloadToFileAsync(string key, string localPath, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>Deletes an object; deleting a missing one is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>Bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>"disk" or "s3".</summary>
    public string Kind { get; set; } = "disk";

    public string DiskRoot { get; set; } = ".data/objects";
    public string S3Endpoint { get; set; } = "";
    public string S3AccessKey { get; set; } = "";
    public string S3SecretKey { get; set; } = "";
    public string S3Bucket { get; set; } = "nasarena";
    public string S3Region { get; set; } = "us-east-1";

    /// <summary>Where uploads are spooled and workers stage files; must have room for the largest upload.</summary>
    public string ScratchDir { get; set; } = Path.Combine(Path.GetTempPath(), "nasarena");
}
