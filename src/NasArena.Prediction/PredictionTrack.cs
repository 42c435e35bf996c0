using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>The performance-prediction track kind's module (found by name by the platform's track catalogue).</summary>
public sealed class PredictionTrack : ITrackModule
{
    public TrackKind Kind => TrackKind.Predictor;

    public IScorer CreateScorer(ScorerEnvironment environment) => new PredictorScorer();
}
