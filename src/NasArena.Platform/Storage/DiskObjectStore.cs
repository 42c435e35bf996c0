namespace NasArena.Platform.Storage;

/// <summary>Objects as files under one folder: the embedded default.</summary>
public sealed class DiskObjectStore(string root) : IObjectStore
{
    private readonly string _root = Path.GetFullPath(root);

    private string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(_root, key));
        // Keys are built by the platform, but a key must never escape the root whatever it holds.
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Object key '{key}' leaves the storage root.", nameof(key));
        }
        return full;
    }

    public async Task PutFileAsync(string key, string localPath, string contentType, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Copy to a temporary name and rename, so that a reader never sees half an object.
        var partial = target + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var source = File.OpenRead(localPath))
            await using (var dest = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(dest, 1 << 16, ct);
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            throw new ObjectNotFoundException(key);
        }
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
    }

    public async Task DownloadToFileAsync(string key, string localPath, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(key, ct);
        await using var dest = File.Create(localPath);
        await source.CopyToAsync(dest, 1 << 16, ct);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct)
    {
        var dir = PathOf(prefix.TrimEnd('/'));
        if (!Directory.Exists(dir))
        {
            return Task.FromResult<IReadOnlyList<StoredObject>>([]);
        }
        var found = new List<StoredObject>();
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            // A copy in progress (PutFileAsync's temporary name) is not an object yet.
            if (file.Name.Contains(".partial-", StringComparison.Ordinal))
            {
                continue;
            }
            found.Add(new StoredObject(Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'), file.Length));
        }
        return Task.FromResult<IReadOnlyList<StoredObject>>(found.OrderBy(o => o.Key, StringComparer.Ordinal).ToList());
    }
}

public sealed class ObjectNotFoundException(string key) : Exception($"Object '{key}' does not exist in storage.");
