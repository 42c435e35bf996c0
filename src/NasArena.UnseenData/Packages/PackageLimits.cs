namespace NasArena.UnseenData.Packages;

/// <summary>Limits a package zip must keep before anything of it is extracted or run.</summary>
public sealed record PackageLimits(long MaxPackageBytes, long MaxUncompressedBytes, double MaxCompressionRatio, int MaxEntries);
