using System.Globalization;

namespace NasArena.Web.Components.Shared;

/// <summary>
/// Figures as people read them, in one place for every page: sizes, durations and prices. Invariant culture, so a page
/// reads the same whatever the server's locale.
/// </summary>
public static class Format
{
    /// <summary>A file's size: "512 bytes", "1.5 KiB", "20 MiB", "1.2 GiB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{(bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture)} GiB",
        >= 1L << 20 => $"{(bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture)} MiB",
        >= 1L << 10 => $"{(bytes / (double)(1L << 10)).ToString("0.#", CultureInfo.InvariantCulture)} KiB",
        _ => $"{bytes} bytes",
    };

    /// <summary>A run's peak memory (ADR 0045): "–" when nothing was measured, then KiB, MiB or GiB at fixed precision.</summary>
    public static string Memory(long bytes) => bytes switch
    {
        <= 0 => "–",
        < 1 << 20 => $"{(bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KiB",
        < 1L << 30 => $"{(bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
        _ => $"{(bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture)} GiB",
    };

    /// <summary>A compute time (ADR 0045): ms under a second, then s, min and h.</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => $"{(seconds * 1000).ToString("0", CultureInfo.InvariantCulture)} ms",
        < 120 => $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{(seconds / 60).ToString("0.0", CultureInfo.InvariantCulture)} min",
        _ => $"{(seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture)} h",
    };

    /// <summary>A time still to wait, rounded as a progress bar shows it: "45 s left", "3 min left".</summary>
    public static string TimeLeft(double seconds) => seconds >= 90
        ? $"{(seconds / 60).ToString("0", CultureInfo.InvariantCulture)} min left"
        : $"{seconds.ToString("0", CultureInfo.InvariantCulture)} s left";

    public static string Cost(double? cost, string currency) =>
        cost is { } c ? $"{c.ToString("0.00", CultureInfo.InvariantCulture)} {currency}" : "no price set";
}
