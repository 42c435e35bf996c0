namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// A request body of any length that is never held: bytes come from <paramref name="data"/> (repeated) or are zeros,
/// and after <paramref name="failAfter"/> bytes reading fails as a dropped connection would.
/// </summary>
public sealed class GeneratedStream(long length, byte[]? data = null, long failAfter = long.MaxValue) : Stream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAfter)
        {
            throw new IOException("connection dropped");
        }
        var n = (int)Math.Min(count, Math.Min(length, failAfter) - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = data is null ? (byte)0 : data[(_position + i) % data.Length];
        }
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
