using Microsoft.Extensions.Logging;

namespace NasArena.Platform.Storage;

/// <summary>
/// This process's own part of the scratch disk: {ScratchDir}/processes/{id}, next to {id}.lock, which the process holds
/// locked (flock) for its whole life. Upload spools, job workspaces and scorers' run folders live in there, so what a
/// killed process leaves behind is one folder whose lock nobody holds: <see cref="RemoveOrphans"/> removes exactly those,
/// however many web and worker processes share the scratch disk, and never the folder of a process that is alive.
/// </summary>
public sealed class ProcessScratch : IDisposable
{
    public const string Folder = "processes";

    private readonly FileStream _lock;

    /// <summary>The folder only this process writes to (created with the instance).</summary>
    public string Dir { get; }

    public string Uploads => Path.Combine(Dir, "uploads");
    public string Jobs => Path.Combine(Dir, "jobs");

    public ProcessScratch(StorageOptions options)
    {
        var root = Path.GetFullPath(Path.Combine(options.ScratchDir, Folder));
        Directory.CreateDirectory(root);
        var id = $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}";
        // Lock first, folder second: a folder without a held lock is then never one that is still being set up.
        _lock = new FileStream(Path.Combine(root, id + ".lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        using (var owner = new StreamWriter(_lock, leaveOpen: true))
        {
            owner.Write($"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:O}\n");
        }
        _lock.Flush();
        Dir = Directory.CreateDirectory(Path.Combine(root, id)).FullName;
        LocksWork = !IsFree(_lock.Name);
    }

    /// <summary>
    /// False where the file system (or DOTNET_SYSTEM_IO_DISABLEFILELOCKING) ignores the lock: then nobody can tell a
    /// live process's folder from a dead one's, and <see cref="RemoveOrphans"/> removes nothing.
    /// </summary>
    public bool LocksWork { get; }

    /// <summary>
    /// Removes the folders under {scratchDir}/processes whose lock no process holds (their process was killed);
    /// returns how many. Safe to run from several processes at once, and beside processes that are starting.
    /// </summary>
    public int RemoveOrphans(ILogger log)
    {
        if (!LocksWork)
        {
            log.LogWarning("File locks do not work on the scratch disk {Dir}: leftovers of killed processes are not removed", Dir);
            return 0;
        }
        var removed = 0;
        foreach (var dir in Directory.GetDirectories(Path.GetDirectoryName(Dir)!))
        {
            FileStream probe;
            try
            {
                probe = new FileStream(dir + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                // Its lock file was removed by someone else (a /tmp cleaner?): whether its owner lives is unknown.
                continue;
            }
            catch (IOException)
            {
                continue; // locked: its process is alive
            }
            using (probe)
            {
                // Held by us now: no other sweeper removes it meanwhile, and its process is gone.
                try
                {
                    Directory.Delete(dir, recursive: true);
                    File.Delete(probe.Name);
                    removed++;
                    log.LogInformation("Removed the scratch folder {Dir} of a process that ended without cleaning up", dir);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.LogWarning(e, "Could not remove the scratch folder {Dir} of an ended process; the next sweep tries again", dir);
                }
            }
        }
        return removed;
    }

    private static bool IsFree(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A process that stops normally removes its own folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
            File.Delete(_lock.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep: once the lock below is released, the folder is an orphan like any other.
        }
        _lock.Dispose();
    }
}
