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

    /// <summary>
    /// The whole objects whose keys start with <paramref name="prefix"/> (a folder, ending in '/'), with their sizes, in
    /// key order. An object being written is not listed until it is whole (chunked uploads derive their offset from this).
    /// </summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct);
}

public sealed record StoredObject(string Key, long SizeBytes);
