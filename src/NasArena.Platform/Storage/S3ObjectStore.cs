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

    public S3ObjectStore(StorageOptions options)
    {
        var endpoint = new Uri(options.S3Endpoint);
        _client = new MinioClient()
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithCredentials(options.S3AccessKey, options.S3SecretKey)
            .WithRegion(options.S3Region)
            .WithSSL(endpoint.Scheme == "https")
            .Build();
        _bucket = options.S3Bucket;
        _scratch = options.ScratchDir;
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

    public async Task PutFileAsync(string key, string localPath, string contentType, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        // With a known size the SDK uploads in small parts (5 MiB for files under ~50 GB): memory stays flat.
        await _client.PutObjectAsync(new PutObjectArgs()
            .WithBucket(_bucket).WithObject(key).WithFileName(localPath).WithContentType(contentType), ct);
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
}
