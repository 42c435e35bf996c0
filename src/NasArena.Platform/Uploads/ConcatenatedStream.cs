using NasArena.Platform.Storage;

namespace NasArena.Platform.Uploads;

/// <summary>
/// Reads an upload's parts one after the other as one stream, opening each only when the previous one is used up, so
/// the assembled file is never held (nor written whole) before it reaches the submission's spool. A part for which
/// <paramref name="localCopyOf"/> names a local file is read from that file instead of the store.
/// </summary>
public sealed class ConcatenatedStream(IObjectStore store, IReadOnlyList<StoredObject> parts, Func<StoredObject, string?> localCopyOf) : Stream
{
    private int _next;
    private Stream? _current;
    private long _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == parts.Count)
                {
                    return 0;
                }
                var part = parts[_next++];
                _current = localCopyOf(part) is { } local
                    ? new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)
                    : await store.OpenReadAsync(part.Key, ct);
            }
            var read = await _current.ReadAsync(buffer, ct);
            if (read > 0)
            {
                _position += read;
                return read;
            }
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
