using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace NasArena.Platform.Storage;

/// <summary>S3-compatible storage (MinIO in production) through the Minio SDK.</summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IMinioClient _client;
    private readonly string _bucket;
    private readonly string _scratch;
    private readonly SemaphoreSlim _bucketReady = new(1, 1);
    private bool _bucketChecked;
    private readonly S3Listing _listing;

    /// <param name="scratchDir">Where <see cref="OpenReadAsync"/> spools downloads: the process's own scratch folder.</param>
    public S3ObjectStore(StorageOptions options, string scratchDir)
    {
        var endpoint = new Uri(options.S3Endpoint);
        _client = new MinioClient()
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithCredentials(options.S3AccessKey, options.S3SecretKey)
            .WithRegion(options.S3Region)
            .WithSSL(endpoint.Scheme == "https")
            .Build();
        _bucket = options.S3Bucket;
        _scratch = scratchDir;
        _listing = new S3Listing(options, Http);
    }

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketChecked)
        {
            return;
        }
        await _bucketReady.WaitAsync(ct);
        try
        {
            if (!_bucketChecked && !await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), ct))
            {
                await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket), ct);
            }
            _bucketChecked = true;
        }
        finally
        {
            _bucketReady.Release();
        }
    }

    /// <summary>S3 takes a single PUT of up to 5 GiB.</summary>
    private const long SinglePutLimit = 5L << 30;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task PutFileAsync(string key, string localPath, string contentType, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        if (new FileInfo(localPath).Length > SinglePutLimit)
        {
            await _client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(_bucket).WithObject(key).WithFileName(localPath).WithContentType(contentType), ct);
            return;
        }
        // A presigned PUT streams the file from disk. The SDK's own upload reads every part into a fresh array
        // (5 MiB each, on the large object heap), which grew the web process by ~160 MB per GB uploaded.
        var url = await _client.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket(_bucket).WithObject(key).WithExpiry(3600));
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PutAsync(url, content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"Object storage refused '{key}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        // The SDK hands out the body only inside a callback; spooling to a self-deleting file gives callers a plain stream.
        Directory.CreateDirectory(_scratch);
        var path = Path.Combine(_scratch, "get-" + Guid.NewGuid().ToString("N"));
        await DownloadToFileAsync(key, path, ct);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    public async Task DownloadToFileAsync(string key, string localPath, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        try
        {
            await using var file = File.Create(localPath);
            await _client.GetObjectAsync(new GetObjectArgs().WithBucket(_bucket).WithObject(key)
                .WithCallbackStream(async (body, token) => await body.CopyToAsync(file, 1 << 16, token)), ct);
        }
        catch (Minio.Exceptions.ObjectNotFoundException)
        {
            File.Delete(localPath);
            throw new Storage.ObjectNotFoundException(key);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        try
        {
            await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key), ct);
            return true;
        }
        catch (Minio.Exceptions.ObjectNotFoundException)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), ct);
    }

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        return (await _listing.ListAsync(prefix, ct)).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
    }
}
