using NasArena.Scoring.Metrics;

namespace NasArena.UnseenData.Scorer;

/// <summary>Why a data set's run failed; the names appear in DetailsJson ("failure").</summary>
public enum FailureKind
{
    None,
    TimeLimit,
    MemoryLimit,
    ProcessLimit,
    OutputLimit,
    LogLimit,
    Exception,
    ExitCode,
    BadPredictions,
    /// <summary>The kit's check after process(): the test loader shuffles or drops its last batch.</summary>
    BadTestLoader,
}

/// <summary>
/// Which test items the predictions got right on each board (bit sets, <see cref="DatasetItems.Pack"/>; null after a
/// failed run, with the counts still given so that every entry of a phase is resampled over the same items), for the
/// bootstrap interval (ADR 0021). Derived from the hidden labels: it travels from a shard to CombineAsync in the shard
/// JSON and into ScoreResult's in-memory items, never into DetailsJson, messages or logs.
/// </summary>
public sealed record TestItems(double Benchmark, int PublicCount, byte[]? PublicCorrect, int PrivateCount, byte[]? PrivateCorrect);

/// <summary>The outcome on one data set. Accuracy is in percent; Private* only where the data set has a private split.</summary>
public sealed record DatasetResult(
    string Name,
    string Codename,
    FailureKind Failure,
    string? Reason,
    string Phase,
    double Accuracy,
    double Score,
    double PrivateAccuracy,
    double PrivateScore,
    TimeSpan Elapsed,
    string LogTail,
    IReadOnlyList<string> Notes,
    TestItems? Items = null,
    string? PlatformReason = null)
{
    /// <summary>
    /// The reason in the platform's words only, for participants of a phase that hides logs: Reason may quote the
    /// package (its exception's message), PlatformReason never does (ADR 0033). Equal to Reason where Reason quotes nothing.
    /// </summary>
    public string? ParticipantReason => PlatformReason ?? Reason;

    public bool Ok => Failure == FailureKind.None;

    /// <summary>Score of the 2022 onward rules: 0 at the benchmark, 10 for a perfect score, floored at -10.</summary>
    public static double ScoreOf(double accuracyPercent, double benchmarkPercent) => DatasetBootstrap.ScoreOf(accuracyPercent, benchmarkPercent);
}
