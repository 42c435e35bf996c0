using NasArena.Scoring.Contract;
using NasArena.Supernet.Latency;
using NasArena.Supernet.Scorer;

namespace NasArena.Supernet;

/// <summary>
/// The supernet track kind's module (found by name by the platform's track catalogue; only workers ship it). It also
/// times stand-alone networks of its spaces for the multi-objective kind's latency calibration: it is the module that
/// builds them in TorchSharp (ADR 0048).
/// </summary>
public sealed class SupernetTrack : ITrackModule, ILatencyCalibrator
{
    public TrackKind Kind => TrackKind.Supernet;

    public IScorer CreateScorer(ScorerEnvironment environment) => new SupernetScorer();

    public string Calibrate(string space, IReadOnlyList<string> architectures, LatencyCalibrationOptions options, CancellationToken ct) =>
        new LatencyCalibrator().Calibrate(space, architectures, options, ct);
}
