using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Submissions;

/// <summary>
/// The file names a track kind takes, checked when a resumable upload starts so a wrong file is refused before its
/// bytes are sent. The scorer's precheck stays the authority on content; this only mirrors what it refuses by name.
/// </summary>
public static class SubmissionFiles
{
    /// <summary>Null: the kind takes any name (a supernet checkpoint or score file is recognised by content).</summary>
    public static IReadOnlyList<string>? Extensions(TrackKind kind) => TrackCatalog.Get(kind).Files.Extensions;

    public static void CheckName(TrackKind kind, string fileName)
    {
        if (Extensions(kind) is not { } accepted)
        {
            return;
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!accepted.Contains(extension))
        {
            throw new InvalidFileException($"A {kind} track takes {string.Join(" or ", accepted)} files; '{fileName}' " +
                (extension == "" ? "has no extension." : $"is a {extension} file."));
        }
    }
}
