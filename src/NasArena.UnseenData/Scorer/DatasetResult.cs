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
    IReadOnlyList<string> Notes)
{
    public bool Ok => Failure == FailureKind.None;

    /// <summary>Score of the 2022 onward rules: 0 at the benchmark, 10 for a perfect score, floored at -10.</summary>
    public static double ScoreOf(double accuracyPercent, double benchmarkPercent) =>
        Math.Max(-10, 10 * (accuracyPercent - benchmarkPercent) / (100 - benchmarkPercent));
}
