using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;

namespace NasArena.Supernet;

/// <summary>The supernet track kind's module (found by name by the platform's track catalogue; only workers ship it).</summary>
public sealed class SupernetTrack : ITrackModule
{
    public TrackKind Kind => TrackKind.Supernet;

    public IScorer CreateScorer(ScorerEnvironment environment) => new SupernetScorer();
}
