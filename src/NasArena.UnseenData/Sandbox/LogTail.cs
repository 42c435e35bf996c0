using System.Text;

namespace NasArena.UnseenData.Sandbox;

/// <summary>Keeps the last N bytes of a stream of output and counts all of it; memory stays bounded whatever the package prints.</summary>
public sealed class LogTail(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _lock = new();
    private long _total;

    public long TotalBytes
    {
        get { lock (_lock) return _total; }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (data.Length > _ring.Length)
            {
                _total += data.Length - _ring.Length; // only the last capacity bytes can survive anyway
                data = data[^_ring.Length..];
            }
            foreach (var b in data)
            {
                _ring[_total % _ring.Length] = b;
                _total++;
            }
        }
    }

    /// <summary>The tail as text; a note says when the start was cut.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            int n = (int)Math.Min(_total, _ring.Length);
            var bytes = new byte[n];
            for (int i = 0; i < n; i++) bytes[i] = _ring[(_total - n + i) % _ring.Length];
            var text = Encoding.UTF8.GetString(bytes);
            return _total > n ? $"[... {_total - n:N0} earlier bytes cut ...]\n" + text : text;
        }
    }
}
