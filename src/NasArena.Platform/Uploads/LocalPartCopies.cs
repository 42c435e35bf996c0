using NasArena.Platform.Storage;

namespace NasArena.Platform.Uploads;

/// <summary>
/// Copies of the chunks this process received, kept on its own scratch disk, so that completing an upload whose parts
/// are in S3 reads them from here instead of downloading every part again (issue 10: the chunked upload was 0.28x the
/// multipart one, because completion fetched 1 GiB back before storing it again). Object storage stays the source of
/// truth: a part with no copy here (received by another replica, before a restart, or dropped) is read from the store,
/// and a copy is used only when its length is the stored part's. Only a remote store gets copies: on the disk store
/// a part is a local file already.
/// </summary>
public sealed class LocalPartCopies(ProcessScratch scratch)
{
    /// <summary>
    /// A copy untouched this long is dropped at the next upload this process starts or receives: it bounds the scratch
    /// disk taken by abandoned uploads to what the last hour brought; an upload resumed later reads its older parts from the store.
    /// </summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    private string Root => Path.Combine(scratch.Uploads, "parts");

    private string DirOf(Guid id) => Path.Combine(Root, id.ToString("N"));

    private string PathOf(Guid id, long offset) => Path.Combine(DirOf(id), offset.ToString("D16", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Moves a received chunk (already stored whole in object storage) into the copies, when the scratch disk keeps room
    /// for the upload's spool at completion afterwards; otherwise deletes nothing and keeps nothing (the caller deletes it).
    /// </summary>
    public void Keep(Guid id, long offset, string receivedPath, long uploadSizeBytes, DateTime nowUtc)
    {
        try
        {
            var received = new FileInfo(receivedPath).Length;
            if (new DriveInfo(scratch.Uploads).AvailableFreeSpace - received < uploadSizeBytes)
            {
                return;
            }
            var dir = Directory.CreateDirectory(DirOf(id));
            // A rename on the same disk: a copy is either whole or absent, never half written.
            File.Move(receivedPath, PathOf(id, offset), overwrite: true);
            dir.LastWriteTimeUtc = nowUtc;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A copy is an optimisation: without it the part is read from the store.
        }
    }

    /// <summary>The local copy of a stored part, or null when there is none of exactly its length.</summary>
    public string? Find(Guid id, StoredObject part)
    {
        if (!UploadParts.TryOffsetOf(part.Key, out var offset))
        {
            return null;
        }
        var file = new FileInfo(PathOf(id, offset));
        return file.Exists && file.Length == part.SizeBytes ? file.FullName : null;
    }

    public void Drop(Guid id)
    {
        try
        {
            if (Directory.Exists(DirOf(id)))
            {
                Directory.Delete(DirOf(id), recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep (or the process's end: its scratch folder goes with it).
        }
    }

    /// <summary>Drops the copies of uploads untouched for <see cref="KeptFor"/>.</summary>
    public void DropStale(DateTime nowUtc)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }
        foreach (var dir in new DirectoryInfo(Root).EnumerateDirectories())
        {
            if (dir.LastWriteTimeUtc < nowUtc - KeptFor && Guid.TryParseExact(dir.Name, "N", out var id))
            {
                Drop(id);
            }
        }
    }
}
