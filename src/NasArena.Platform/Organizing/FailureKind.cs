using NasArena.Platform.Domain;

namespace NasArena.Platform.Organizing;

/// <summary>Why a submission ended without a score, in the few kinds organizers sort failures by.</summary>
public enum FailureKind
{
    /// <summary>The scorer refused the file itself (the participant's fault; counts against the quota).</summary>
    Rejected,

    /// <summary>The phase was not set up completely (a missing hidden asset, a bad setting).</summary>
    Configuration,

    /// <summary>Scoring ran past the scoring timeout.</summary>
    TimeLimit,

    /// <summary>The worker scoring it stopped responding too many times (killed, crashed, lost machine).</summary>
    WorkerLost,

    /// <summary>No worker started it within the maximum queue time.</summary>
    QueueTimeout,

    /// <summary>Another fault of the platform (storage, database, network), refunded.</summary>
    Platform,

    Cancelled,
}

/// <summary>
/// Sorts a final submission into a <see cref="FailureKind"/> by its stored reason. The reason class the jobs report to
/// metrics is not stored on the row; the reasons are written by a handful of known places (JobRun, Watchdog,
/// SubmissionStates.PlatformFault), so their fixed phrases tell the kinds apart, and the same phrases filter in SQL.
/// </summary>
public static class FailureKinds
{
    internal const string WorkerLostPhrase = "stopped responding";
    internal const string TimeLimitPhrase = "did not finish within the limit";
    internal const string QueueTimeoutPhrase = "No worker could start";
    internal const string ConfigurationPhrase = "not set up completely";
    internal const string PlatformPhrase = "the platform's fault";

    public static FailureKind? Of(SubmissionStatus status, string? reason) => status switch
    {
        SubmissionStatus.Cancelled => FailureKind.Cancelled,
        SubmissionStatus.Failed => Classify(reason ?? ""),
        _ => null,
    };

    private static FailureKind Classify(string reason) =>
        !reason.Contains(PlatformPhrase, StringComparison.Ordinal) ? FailureKind.Rejected
        : reason.Contains(WorkerLostPhrase, StringComparison.Ordinal) ? FailureKind.WorkerLost
        : reason.Contains(TimeLimitPhrase, StringComparison.Ordinal) ? FailureKind.TimeLimit
        : reason.Contains(QueueTimeoutPhrase, StringComparison.Ordinal) ? FailureKind.QueueTimeout
        : reason.Contains(ConfigurationPhrase, StringComparison.Ordinal) ? FailureKind.Configuration
        : FailureKind.Platform;

    /// <summary>The same sorting as a database filter.</summary>
    internal static IQueryable<Submission> Where(IQueryable<Submission> rows, FailureKind kind) => kind switch
    {
        FailureKind.Cancelled => rows.Where(s => s.Status == SubmissionStatus.Cancelled),
        FailureKind.WorkerLost => rows.Where(s => s.Status == SubmissionStatus.Failed && s.FailureReason!.Contains(PlatformPhrase) && s.FailureReason!.Contains(WorkerLostPhrase)),
        FailureKind.TimeLimit => rows.Where(s => s.Status == SubmissionStatus.Failed && s.FailureReason!.Contains(PlatformPhrase) && s.FailureReason!.Contains(TimeLimitPhrase)),
        FailureKind.QueueTimeout => rows.Where(s => s.Status == SubmissionStatus.Failed && s.FailureReason!.Contains(PlatformPhrase) && s.FailureReason!.Contains(QueueTimeoutPhrase)),
        FailureKind.Configuration => rows.Where(s => s.Status == SubmissionStatus.Failed && s.FailureReason!.Contains(PlatformPhrase) && s.FailureReason!.Contains(ConfigurationPhrase)),
        FailureKind.Platform => rows.Where(s => s.Status == SubmissionStatus.Failed && s.FailureReason!.Contains(PlatformPhrase) &&
            !s.FailureReason!.Contains(WorkerLostPhrase) && !s.FailureReason!.Contains(TimeLimitPhrase) &&
            !s.FailureReason!.Contains(QueueTimeoutPhrase) && !s.FailureReason!.Contains(ConfigurationPhrase)),
        _ => rows.Where(s => s.Status == SubmissionStatus.Failed && (s.FailureReason == null || !s.FailureReason.Contains(PlatformPhrase))),
    };

    public static string Words(FailureKind kind) => kind switch
    {
        FailureKind.Rejected => "file rejected",
        FailureKind.Configuration => "phase not set up",
        FailureKind.TimeLimit => "time limit",
        FailureKind.WorkerLost => "worker lost",
        FailureKind.QueueTimeout => "waited too long",
        FailureKind.Platform => "platform fault",
        _ => "cancelled",
    };
}
