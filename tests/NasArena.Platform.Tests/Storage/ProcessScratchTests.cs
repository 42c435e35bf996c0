using Microsoft.Extensions.Logging.Abstractions;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Tests.Storage;

/// <summary>Processes sharing a scratch disk remove what dead ones left and nothing of the living.</summary>
[Trait("Category", "Unit")]
public sealed class ProcessScratchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nasarena-scratch-").FullName;

    private StorageOptions Options => new() { ScratchDir = _dir };

    [Fact]
    public void AProcessRemovesTheFolderOfAKilledOneButNotThatOfAnotherLiveOne()
    {
        using var live = new ProcessScratch(Options);
        Directory.CreateDirectory(live.Uploads);
        File.WriteAllText(Path.Combine(live.Uploads, "upload-1"), "arriving");
        // What kill -9 leaves: the folder, with its files, and a lock file that nobody holds any more.
        var killed = Path.Combine(_dir, ProcessScratch.Folder, "4242-deadbeef0000");
        Directory.CreateDirectory(Path.Combine(killed, "jobs", "j1"));
        File.WriteAllText(Path.Combine(killed, "jobs", "j1", "p.csv"), "half staged");
        File.WriteAllText(killed + ".lock", "pid 4242");

        using var starting = new ProcessScratch(Options);
        Assert.True(starting.LocksWork, "File locks do not work in the test's temporary folder.");
        Assert.Equal(1, starting.RemoveOrphans(NullLogger.Instance));

        Assert.False(Directory.Exists(killed), "The killed process's folder is still there.");
        Assert.False(File.Exists(killed + ".lock"), "The killed process's lock file is still there.");
        Assert.True(File.Exists(Path.Combine(live.Uploads, "upload-1")), "A live process's upload was removed.");
        Assert.True(Directory.Exists(starting.Dir), "The sweeping process removed its own folder.");
    }

    [Fact]
    public void AProcessThatStopsNormallyRemovesItsOwnFolder()
    {
        var scratch = new ProcessScratch(Options);
        Directory.CreateDirectory(scratch.Jobs);
        scratch.Dispose();
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir, ProcessScratch.Folder)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
