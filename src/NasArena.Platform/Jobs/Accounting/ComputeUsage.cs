using NasArena.Platform.Domain;

namespace NasArena.Platform.Jobs.Accounting;

/// <summary>
/// What a submission's job runs used, summed over attempts, shards and rescores (peak memory: the highest any run saw).
/// How each figure is measured is in ADR 0045; <paramref name="Source"/> names it for the reader.
/// </summary>
public sealed record ComputeUsage(double WallSeconds, double CpuSeconds, long PeakMemoryBytes, double? GpuSeconds, string? Source)
{
    /// <summary>Null for a submission no job has run yet.</summary>
    public static ComputeUsage? Of(Submission s) =>
        s.WallSeconds <= 0 && s.ComputeSource is null ? null : new(s.WallSeconds, s.CpuSeconds, s.PeakMemoryBytes, s.GpuSeconds, s.ComputeSource);
}
