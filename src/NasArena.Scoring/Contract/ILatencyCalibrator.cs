namespace NasArena.Scoring.Contract;

/// <summary>
/// Times stand-alone networks of a search space on this machine (the hardware-aware multi-objective kind's latency
/// calibration, ADR 0048). Implemented by a worker-side module that builds the networks (TorchSharp), so the platform's
/// job reaches it through the track catalogue and never references TorchSharp itself.
/// </summary>
public interface ILatencyCalibrator
{
    /// <summary>Returns a latency table in the format <c>NasArena.MultiObjective.LatencyTable</c> reads, with its provenance.</summary>
    string Calibrate(string space, IReadOnlyList<string> architectures, LatencyCalibrationOptions options, CancellationToken ct);
}

/// <param name="Repeats">Timed forward passes per architecture and batch size (the median and IQR are over these).</param>
/// <param name="Warmup">Untimed passes first (allocator, kernel selection, caches).</param>
/// <param name="BatchN">The second batch size timed besides batch 1.</param>
/// <param name="Threads">CPU threads torch may use.</param>
/// <param name="Queue">The queue the job ran on ("cpu" or "gpu"), recorded in the provenance.</param>
public sealed record LatencyCalibrationOptions(int Repeats, int Warmup, int BatchN, int Threads, string Queue);
