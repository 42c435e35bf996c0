using System.Diagnostics;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.UnseenData.Tests.Sandbox;

/// <summary>
/// <see cref="ResultFile"/> on files planted directly in an output folder (the attacks through the scorer are in
/// NasArena.Attacks.Tests/Sandbox): only regular files with one link, within their cap, are read, and nothing blocks.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ResultFileTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("result-file");

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ARegularFileWithinItsCapIsRead()
    {
        File.WriteAllBytes(P("predictions.npy"), Npy.Int64([1, 0, 1]));
        var (predictions, error) = RunEvaluator.CheckPredictions(P("predictions.npy"), 3, 2);
        Assert.Null(error);
        Assert.Equal([1L, 0, 1], predictions!);
    }

    [Fact]
    public void AMissingFileIsNeitherReadNorAProblem()
    {
        using var opened = ResultFile.Open(P("status.jsonl"), 10);
        Assert.Null(opened.Stream);
        Assert.Null(opened.Problem);
    }

    [Fact]
    public void ASymbolicLinkIsNotFollowedEvenToAnAllowedFile()
    {
        File.WriteAllBytes(P("elsewhere.npy"), Npy.Int64([1, 0, 1]));
        File.CreateSymbolicLink(P("predictions.npy"), P("elsewhere.npy"));
        var (predictions, error) = RunEvaluator.CheckPredictions(P("predictions.npy"), 3, 2);
        Assert.Null(predictions);
        Assert.Equal("Bad predictions: predictions.npy in the output folder is a symbolic link, not a file the harness wrote; " +
            "the platform reads results only from regular files and did not follow it.", error);
    }

    [Fact]
    public void AStatusLinkGivesNoVerdict()
    {
        File.WriteAllText(P("fake.jsonl"), "{\"phase\": \"done\", \"ok\": true}\n");
        File.CreateSymbolicLink(P("status.jsonl"), P("fake.jsonl"));
        var status = RunEvaluator.ReadStatus(P("status.jsonl"));
        Assert.False(status.Ok);
        Assert.Contains("status.jsonl in the output folder is a symbolic link", status.Problem);
    }

    [Fact]
    public void AFifoIsRefusedWithoutWaitingForAWriter()
    {
        using (var p = Process.Start("mkfifo", [P("status.jsonl")])) p.WaitForExit();
        using var opened = ResultFile.OpenAnySize(P("status.jsonl")); // O_NONBLOCK: returns at once, no writer needed
        Assert.Null(opened.Stream);
        Assert.Equal("status.jsonl in the output folder is a FIFO (named pipe), not a regular file; it was not read.", opened.Problem);
    }

    [Fact]
    public void AFolderAndASecondHardLinkAreRefused()
    {
        Directory.CreateDirectory(P("predictions.npy"));
        using (var folder = ResultFile.Open(P("predictions.npy"), 100))
            Assert.Equal("predictions.npy in the output folder is a folder, not a regular file; it was not read.", folder.Problem);

        File.WriteAllBytes(P("labels.npy"), Npy.Int64([1, 0, 1]));
        using (var p = Process.Start("ln", [P("labels.npy"), P("status.jsonl")])) p.WaitForExit();
        using var linked = ResultFile.OpenAnySize(P("status.jsonl"));
        Assert.Equal("status.jsonl in the output folder has 2 hard links, not one; it was not read.", linked.Problem);
    }

    [Fact]
    public void ASparseFileBeyondTheCapIsRefusedUnread()
    {
        using (var f = new FileStream(P("predictions.npy"), FileMode.Create))
        {
            f.Write(Npy.Int64([1, 0, 1]));
            f.SetLength(10L << 30);
        }
        var (predictions, error) = RunEvaluator.CheckPredictions(P("predictions.npy"), 3, 2);
        Assert.Null(predictions);
        Assert.Equal($"Bad predictions: predictions.npy in the output folder has 10,737,418,240 bytes, more than the {RunEvaluator.PredictionsCap(3):N0} it can need; it was not read.", error);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
