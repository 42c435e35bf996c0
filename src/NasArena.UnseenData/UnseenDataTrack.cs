using NasArena.Scoring.Contract;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;

namespace NasArena.UnseenData;

/// <summary>The unseen-data track kind's module (found by name by the platform's track catalogue; only workers ship it).</summary>
public sealed class UnseenDataTrack : ITrackModule
{
    public TrackKind Kind => TrackKind.UnseenData;

    public IScorer CreateScorer(ScorerEnvironment environment) => new UnseenDataScorer(new UnseenDataScorerOptions(
        Path.Combine(environment.CacheDirectory, "unseen-data"), RunsDirectory: Path.Combine(environment.RunsDirectory, "unseen-data-runs"),
        Ceilings: environment.Ceilings));

    /// <summary>The default runner's python (tracks may name another with "pythonPath"; the worker checks the default).</summary>
    public IReadOnlyList<string> MissingPrerequisites() => SandboxPrerequisites.Missing(new UnseenDataSettings().PythonPath);
}
