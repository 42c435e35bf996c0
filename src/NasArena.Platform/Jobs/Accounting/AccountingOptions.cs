using System.Globalization;
using NasArena.Platform.Configuration;

namespace NasArena.Platform.Jobs.Accounting;

/// <summary>
/// Bound from "Accounting": what an hour of a worker slot on each queue costs the operator, for the estimated cost on
/// the organizers' statistics page (ADR 0045). Unset: no estimate is shown, only the hours.
/// </summary>
public sealed class AccountingOptions : IOptionsSection
{
    public static string Section => "Accounting";

    /// <summary>Price of one wall-clock hour of a job on the cpu queue.</summary>
    public double? CpuPricePerHour { get; set; }

    /// <summary>Price of one wall-clock hour of a job on the gpu queue (the machine's, whether or not the job used its GPU).</summary>
    public double? GpuPricePerHour { get; set; }

    /// <summary>Shown beside the estimate; a code or symbol of at most 8 characters.</summary>
    public string Currency { get; set; } = "USD";

    public double? PricePerHour(string queue) => queue == Queues.Gpu ? GpuPricePerHour : queue == Queues.Cpu ? CpuPricePerHour : null;

    public IEnumerable<string> Problems()
    {
        foreach (var (name, price) in new[] { (nameof(CpuPricePerHour), CpuPricePerHour), (nameof(GpuPricePerHour), GpuPricePerHour) })
        {
            if (price is { } p && !(p >= 0 && p <= 1_000_000))
            {
                yield return $"`{Section}:{name}` must be a price between 0 and 1000000 per hour; got '{p.ToString(CultureInfo.InvariantCulture)}'.";
            }
        }
        if (string.IsNullOrWhiteSpace(Currency) || Currency.Length > 8)
        {
            yield return $"`{Section}:{nameof(Currency)}` must be 1 to 8 characters (e.g. USD, EUR, €); got '{Currency}'.";
        }
    }
}
