using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tracks;

/// <summary>
/// The scorers this process can run. The web process registers only light ones (for prechecks at upload);
/// a worker registers all of them, so TorchSharp and the sandbox load only there (ADR 0005).
/// </summary>
public sealed class ScorerRegistry(IEnumerable<IScorer> scorers)
{
    private readonly Dictionary<TrackKind, IScorer> _byKind = scorers.ToDictionary(s => s.Kind);

    public IScorer? Find(TrackKind kind) => _byKind.GetValueOrDefault(kind);

    public IScorer Get(TrackKind kind) =>
        Find(kind) ?? throw new ScoringConfigurationException($"This worker has no scorer for {kind} tracks.");

    public IEnumerable<TrackKind> Kinds => _byKind.Keys;
}
