using System.Text;
using NasArena.UnseenData.Sandbox;

namespace NasArena.UnseenData.Tests.Sandbox;

[Trait("Category", "Unit")]
public sealed class LogTailTests
{
    [Fact]
    public void KeepsTheLastBytesAcrossChunksAndCountsAll()
    {
        var tail = new LogTail(10);
        foreach (var chunk in new[] { "abc", "defgh", "ijklmnop", "q" })
            tail.Append(Encoding.UTF8.GetBytes(chunk));
        Assert.Equal(17, tail.TotalBytes);
        Assert.Equal("[... 7 earlier bytes cut ...]\nhijklmnopq", tail.ToString());
    }

    [Fact]
    public void AChunkLargerThanTheTailKeepsItsEnd()
    {
        var tail = new LogTail(4);
        tail.Append("xy"u8);
        tail.Append("0123456789"u8);
        Assert.Equal(12, tail.TotalBytes);
        Assert.EndsWith("\n6789", tail.ToString());
    }

    [Fact]
    public void AShortLogIsKeptWhole()
    {
        var tail = new LogTail(100);
        tail.Append("hello\n"u8);
        Assert.Equal("hello\n", tail.ToString());
    }
}
