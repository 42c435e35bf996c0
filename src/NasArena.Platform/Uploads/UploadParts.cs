using System.Text.Json;
using NasArena.Platform.Errors;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Uploads;

/// <summary>
/// A resumable upload in object storage (ADR 0012), under uploads/{id}/: manifest.json (who, what, how big, until when),
/// parts/{offset} (one object per chunk received whole, named by where it starts) and, once complete, completed.json.
/// The offset is where the chain of parts from 0 ends, so it survives a killed web process and reads the same on any
/// replica; a chunk cut off mid-body is never stored, so the offset only ever moves by whole chunks. With a remote
/// store, this process also keeps copies of the chunks it received (<see cref="LocalPartCopies"/>) for the completion to read.
/// </summary>
public sealed class UploadParts(IObjectStore store, ProcessScratch scratch, TimeProvider clock)
{
    private readonly LocalPartCopies? _copies = store is DiskObjectStore ? null : new LocalPartCopies(scratch);

    public const string Root = "uploads/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string Prefix(Guid id) => $"{Root}{id:N}/";
    private static string ManifestKey(Guid id) => Prefix(id) + "manifest.json";
    private static string CompletedKey(Guid id) => Prefix(id) + "completed.json";
    private static string PartsPrefix(Guid id) => Prefix(id) + "parts/";

    // Zero-padded so key order is offset order.
    private static string PartKey(Guid id, long offset) => PartsPrefix(id) + offset.ToString("D16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where the part stored under <paramref name="key"/> starts in the file: the last segment of its key.</summary>
    internal static bool TryOffsetOf(string key, out long offset) => long.TryParse(key.AsSpan(key.LastIndexOf('/') + 1), out offset);

    public Task CreateAsync(UploadManifest manifest, CancellationToken ct)
    {
        _copies?.DropStale(clock.GetUtcNow().UtcDateTime);
        return PutJsonAsync(ManifestKey(manifest.Id), manifest, ct);
    }

    /// <summary>The manifest, or null when there is none (never made, cancelled, or expired and deleted).</summary>
    public Task<UploadManifest?> ManifestAsync(Guid id, CancellationToken ct) => GetJsonAsync<UploadManifest>(ManifestKey(id), ct);

    public Task<UploadCompletion?> CompletionAsync(Guid id, CancellationToken ct) => GetJsonAsync<UploadCompletion>(CompletedKey(id), ct);

    public Task MarkCompletedAsync(Guid id, UploadCompletion completion, CancellationToken ct) => PutJsonAsync(CompletedKey(id), completion, ct);

    /// <summary>The parts that continue each other from offset 0, and where they end: the upload's offset.</summary>
    public async Task<(long Offset, IReadOnlyList<StoredObject> Parts)> ChainAsync(Guid id, CancellationToken ct)
    {
        var byOffset = new Dictionary<long, StoredObject>();
        foreach (var part in await store.ListAsync(PartsPrefix(id), ct))
        {
            if (TryOffsetOf(part.Key, out var start))
            {
                byOffset[start] = part;
            }
        }
        long offset = 0;
        var chain = new List<StoredObject>();
        // A part that starts elsewhere (a duplicate sent with another chunk size) is left out, never read.
        while (byOffset.TryGetValue(offset, out var next) && next.SizeBytes > 0)
        {
            chain.Add(next);
            offset += next.SizeBytes;
        }
        return (offset, chain);
    }

    /// <summary>
    /// Receives one chunk of exactly <paramref name="length"/> bytes into a scratch file, then stores it as the part at
    /// <paramref name="offset"/>. A body that ends early (a dropped connection) or runs long stores nothing.
    /// Two requests with the same chunk write the same key with the same bytes, so a retried chunk is harmless.
    /// </summary>
    public async Task AppendAsync(Guid id, long offset, long length, long uploadSizeBytes, Stream body, CancellationToken ct)
    {
        Directory.CreateDirectory(scratch.Uploads);
        var path = Path.Combine(scratch.Uploads, "chunk-" + Guid.NewGuid().ToString("N"));
        try
        {
            long received = 0;
            var buffer = new byte[1 << 16];
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    received += read;
                    if (received > length)
                    {
                        throw new InvalidInputException($"The chunk holds more than the {length:N0} bytes its Content-Range announces; nothing of it was kept.");
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (received != length)
            {
                throw new InvalidInputException($"The chunk ended after {received:N0} of the {length:N0} bytes its Content-Range announces; " +
                    $"nothing of it was kept: send it again from offset {offset}.");
            }
            await store.PutFileAsync(PartKey(id, offset), path, "application/octet-stream", ct);
            // Kept only once stored: a copy never holds what object storage does not.
            var now = clock.GetUtcNow().UtcDateTime;
            _copies?.Keep(id, offset, path, uploadSizeBytes, now);
            _copies?.DropStale(now);
        }
        finally
        {
            File.Delete(path); // gone already when kept as a copy
        }
    }

    /// <summary>The parts as one stream: each from this process's copy when it has one, otherwise from the store.</summary>
    public Stream OpenAssembled(Guid id, IReadOnlyList<StoredObject> chain) =>
        new ConcatenatedStream(store, chain, part => _copies?.Find(id, part));

    /// <summary>Deletes the parts (the bytes); the manifest and completion stay so a second completion answers the same.</summary>
    public async Task DeletePartsAsync(Guid id, CancellationToken ct)
    {
        _copies?.Drop(id);
        foreach (var part in await store.ListAsync(PartsPrefix(id), ct))
        {
            await store.DeleteAsync(part.Key, ct);
        }
    }

    /// <summary>Deletes everything of an upload, the manifest last: a half-deleted upload has no manifest and is finished off by <see cref="RemoveExpiredAsync"/>.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        _copies?.Drop(id);
        foreach (var item in (await store.ListAsync(Prefix(id), ct)).Where(o => o.Key != ManifestKey(id)))
        {
            await store.DeleteAsync(item.Key, ct);
        }
        await store.DeleteAsync(ManifestKey(id), ct);
    }

    /// <summary>
    /// Deletes uploads past their expiry, and leftovers with no manifest (a deletion cut off), with their bytes.
    /// Run by the watchdog; an expired upload someone touches is also deleted then (<see cref="UploadService"/>).
    /// </summary>
    public async Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        var ids = (await store.ListAsync(Root, ct))
            .Select(o => o.Key[Root.Length..].Split('/')[0])
            .Distinct()
            .Select(name => Guid.TryParseExact(name, "N", out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .ToList();
        var removed = 0;
        foreach (var id in ids)
        {
            var manifest = await ManifestAsync(id, ct);
            if (manifest is null || manifest.ExpiresAt <= now)
            {
                await DeleteAsync(id, ct);
                removed++;
            }
        }
        return removed;
    }

    private async Task PutJsonAsync<T>(string key, T value, CancellationToken ct)
    {
        Directory.CreateDirectory(scratch.Uploads);
        var path = Path.Combine(scratch.Uploads, "json-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), ct);
            await store.PutFileAsync(key, path, "application/json", ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<T?> GetJsonAsync<T>(string key, CancellationToken ct) where T : class
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
