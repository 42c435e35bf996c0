namespace Benchmarks.Platform;

/// <summary>A stream of the given length whose bytes are generated, never held.</summary>
public sealed class PatternStream(long length) : Stream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = (byte)((_position + i) * 31);
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
