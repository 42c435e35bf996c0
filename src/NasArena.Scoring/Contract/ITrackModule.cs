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

    /// <summary>
    /// What this machine lacks to score the kind (a tool, a Python module, a sandbox that cannot start), one sentence
    /// each naming what to install or allow; empty when it can score. A worker checks this at start for the kinds of the
    /// queues it serves, so that a node without the sandbox refuses its queue instead of failing every submission.
    /// </summary>
    IReadOnlyList<string> MissingPrerequisites() => [];
}

/// <summary>The host's folders a scorer may use: a cache kept across runs (staged data sets) and this process's own scratch for runs.</summary>
/// <param name="Ceilings">The operator's ceilings on organizer-set sandbox values, which the scorer checks again before a
/// run; null: none (tools and tests that run a scorer outside the platform).</param>
public sealed record ScorerEnvironment(string CacheDirectory, string RunsDirectory, SandboxCeilings? Ceilings = null);
