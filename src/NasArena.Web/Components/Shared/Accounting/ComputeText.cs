using System.Globalization;

namespace NasArena.Web.Components.Shared.Accounting;

/// <summary>Compute figures as people read them (ADR 0045).</summary>
public static class ComputeText
{
    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => $"{(seconds * 1000).ToString("0", CultureInfo.InvariantCulture)} ms",
        < 120 => $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{(seconds / 60).ToString("0.0", CultureInfo.InvariantCulture)} min",
        _ => $"{(seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture)} h",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        <= 0 => "–",
        < 1 << 20 => $"{(bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KiB",
        < 1L << 30 => $"{(bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
        _ => $"{(bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture)} GiB",
    };

    public static string Cost(double? cost, string currency) => cost is { } c ? $"{c.ToString("0.00", CultureInfo.InvariantCulture)} {currency}" : "no price set";
}
