namespace NasArena.Scoring.Contract;

/// <summary>
/// Where a scorer's text quotes the participant's code (its exception, its output), and where it says only the
/// platform's own sentences. A phase that hides logs shows participants the platform's part only: a package must not be
/// able to print anything to them, e.g. what it read somewhere it should not have (ADR 0033). Organizers see both.
/// </summary>
public static class PackageWords
{
    /// <summary>In a rejection's message: the platform's sentences above this line, what quotes the package below it.</summary>
    public const string Marker = "--- in the package's own words (hidden from participants where the phase hides logs) ---";

    /// <summary>In DetailsJson: an object's "reason" may quote the package; its "platformReason", beside it, does not.</summary>
    public const string PlatformReasonKey = "platformReason";

    /// <summary>The message without what quotes the package (all of it when it has no marker).</summary>
    public static string PlatformPart(string message)
    {
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? message : message[..at].TrimEnd();
    }
}
