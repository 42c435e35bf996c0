using NasArena.MultiObjective.Kind;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>The hardware-aware multi-objective track kind's module (found by name by the platform's track catalogue).</summary>
public sealed class MultiObjectiveTrack : ITrackModule
{
    public TrackKind Kind => MultiObjectiveKind.Descriptor.Kind;

    public IScorer CreateScorer(ScorerEnvironment environment) => new MultiObjectiveScorer();
}
