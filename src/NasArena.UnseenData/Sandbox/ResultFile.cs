using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NasArena.UnseenData.Sandbox;

/// <summary>
/// Opens a result the package may have touched (predictions.npy, status.jsonl) without trusting what lies at the path.
/// The Docker runner mounts the output folder writable, so a package can leave a symbolic link there (to the staged
/// hidden labels: their host path follows from the asset's hash), a FIFO (an open for reading waits for a writer
/// forever) or a sparse file of many gigabytes. One no-follow, non-blocking open, then fstat on that descriptor: only
/// a regular file with one link and at most <c>maxBytes</c> is read, and nothing is looked up by path twice, so the
/// folder cannot be changed between the check and the read (ADR 0032).
/// </summary>
public static class ResultFile
{
    /// <summary>
    /// The open result, or why it is refused (a sentence a participant can act on, naming the file), or neither when
    /// the file does not exist.
    /// </summary>
    public sealed record Opened(FileStream? Stream, string? Problem, long Length) : IDisposable
    {
        public void Dispose() => Stream?.Dispose();
    }

    public static Opened Open(string path, long maxBytes)
    {
        var name = Path.GetFileName(path);
        if (!OperatingSystem.IsLinux()) return OpenPortable(path, name, maxBytes);

        int fd = Native.open(path, Native.ReadNoFollow);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Native.ENOENT => new Opened(null, null, 0),
                // O_NOFOLLOW on a symbolic link: ELOOP (EMLINK on some BSDs). The link is never followed.
                Native.ELOOP => new Opened(null, $"{name} in the output folder is a symbolic link, not a file the harness wrote; " +
                    "the platform reads results only from regular files and did not follow it.", 0),
                // Opening a socket for reading; a FIFO does not get here (O_NONBLOCK opens its read end at once).
                Native.ENXIO => new Opened(null, $"{name} in the output folder is not a regular file; it was not read.", 0),
                _ => throw new IOException($"Cannot open {path}: errno {errno}."),
            };
        }
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            if (Native.statx(fd, "", Native.AT_EMPTY_PATH, Native.STATX_BASIC_STATS, out var st) != 0)
                throw new IOException($"Cannot fstat {path}: errno {Marshal.GetLastPInvokeError()}.");
            var kind = st.Mode & Native.S_IFMT;
            if (kind != Native.S_IFREG)
            {
                handle.Dispose();
                return new Opened(null, $"{name} in the output folder is {KindName(kind)}, not a regular file; it was not read.", 0);
            }
            // A second name for the same file could only come from a package that reached a file outside its sandbox.
            if (st.Nlink != 1)
            {
                handle.Dispose();
                return new Opened(null, $"{name} in the output folder has {st.Nlink} hard links, not one; it was not read.", 0);
            }
            var length = checked((long)st.Size);
            if (length > maxBytes)
            {
                handle.Dispose();
                return new Opened(null, $"{name} in the output folder has {length:N0} bytes, more than the {maxBytes:N0} it can need; it was not read.", length);
            }
            return new Opened(new FileStream(handle, FileAccess.Read, bufferSize: 0), null, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Status lines: the file may be as large as the output cap, and only its end matters, so no size refusal.</summary>
    public static Opened OpenAnySize(string path) => Open(path, long.MaxValue);

    /// <summary>Elsewhere (development on Windows or macOS, where no sandbox runs): the portable check.</summary>
    private static Opened OpenPortable(string path, string name, long maxBytes)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            return new Opened(null, $"{name} in the output folder is a symbolic link, not a file the harness wrote; " +
                "the platform reads results only from regular files and did not follow it.", 0);
        if (!info.Exists) return new Opened(null, null, 0);
        if (info.Length > maxBytes)
            return new Opened(null, $"{name} in the output folder has {info.Length:N0} bytes, more than the {maxBytes:N0} it can need; it was not read.", info.Length);
        var stream = File.OpenRead(path);
        return new Opened(stream, null, stream.Length);
    }

    private static string KindName(uint kind) => kind switch
    {
        Native.S_IFIFO => "a FIFO (named pipe)",
        Native.S_IFDIR => "a folder",
        Native.S_IFCHR or Native.S_IFBLK => "a device",
        Native.S_IFSOCK => "a socket",
        _ => "a special file",
    };

    /// <summary>libc calls whose structures do not depend on the architecture (statx, unlike struct stat).</summary>
    private static class Native
    {
        public const int ENOENT = 2, ENXIO = 6, ELOOP = 40;
        public const int AT_EMPTY_PATH = 0x1000;
        public const uint STATX_BASIC_STATS = 0x7ff;
        public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFREG = 0x8000, S_IFBLK = 0x6000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

        private const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;

        /// <summary>O_NOFOLLOW's value differs between x86-64 (0400000) and the ARM ports (0100000).</summary>
        private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

        public static int ReadNoFollow => O_RDONLY | O_NONBLOCK | O_CLOEXEC | NoFollow;

        [StructLayout(LayoutKind.Explicit, Size = 256)]
        public struct Statx
        {
            [FieldOffset(0)] public uint Mask;
            [FieldOffset(16)] public uint Nlink;
            [FieldOffset(28)] public ushort Mode16;
            [FieldOffset(40)] public ulong Size;

            public readonly uint Mode => Mode16;
        }

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this assembly for no gain here
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out Statx buffer);
#pragma warning restore SYSLIB1054
    }
}
