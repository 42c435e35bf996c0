namespace NasArena.Scoring.Contract;

/// <summary>
/// What a track kind's library hands a host: its scorer. Each track project has one module; the host finds it by name
/// through the platform's track catalogue (<c>NasArena.Platform.Tracks.TrackCatalog</c>), so a process that does not
/// ship a heavy track library (the web image has no TorchSharp) never loads it.
/// </summary>
public interface ITrackModule
{
    TrackKind Kind { get; }

    IScorer CreateScorer(ScorerEnvironment environment);
}

/// <summary>The host's folders a scorer may use: a cache kept across runs (staged data sets) and this process's own scratch for runs.</summary>
public sealed record ScorerEnvironment(string CacheDirectory, string RunsDirectory);
