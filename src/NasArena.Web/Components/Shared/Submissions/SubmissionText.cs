using System.Globalization;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Web.Components.Shared.Submissions;

/// <summary>
/// The words the submission views use for progress, liveness and blame: pure functions, so that the list, the page and
/// their tests say the same thing.
/// </summary>
public static class SubmissionText
{
    /// <summary>A worker beats every few seconds; this long without a beat is worth pointing at (the watchdog ends it later).</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(60);

    /// <summary>Progress in the unit of the track kind (its descriptor's: architectures, data sets).</summary>
    public static string? Progress(TrackKind kind, SubmissionStatus status, long done, long total)
    {
        if (total <= 0 || status is SubmissionStatus.Queued or SubmissionStatus.Uploading)
        {
            return null;
        }
        var unit = TrackCatalog.Get(kind).Progress;
        if (!unit.OneAtATime)
        {
            return $"{done.ToString("N0", CultureInfo.InvariantCulture)} / {total.ToString("N0", CultureInfo.InvariantCulture)} {unit.Plural}";
        }
        // Done counts finished units: the one being run is the next one, until all are done.
        return status == SubmissionStatus.Running && done < total ? $"{unit.Singular} {done + 1} of {total}" : $"{done} of {total} {unit.Plural}";
    }

    /// <summary>"last sign of life 12 s ago", while a worker holds it; null when no worker does.</summary>
    public static string? Heartbeat(SubmissionStatus status, DateTimeOffset? heartbeatAt, DateTimeOffset now)
    {
        if (status != SubmissionStatus.Running || heartbeatAt is not { } beat)
        {
            return null;
        }
        return $"last sign of life {Age(now - beat)} ago";
    }

    /// <summary>True when a running submission's worker has been silent long enough to look stuck.</summary>
    public static bool LooksStuck(SubmissionStatus status, DateTimeOffset? heartbeatAt, DateTimeOffset now) =>
        status == SubmissionStatus.Running && heartbeatAt is { } beat && now - beat > QuietAfter;

    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero; // clocks of web and worker differ by a little
        }
        return age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds} s"
            : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes} min"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} days";
    }

    /// <summary>Who a failure is on: the file (it used a submission of the quota) or the platform (the quota was given back).</summary>
    public static string Blame(bool countsAgainstQuota) =>
        countsAgainstQuota ? "your submission" : "platform fault, quota refunded";

    /// <summary>Whose fault a failure is and what it cost under the phase's policy (ADR 0043). A counted failure is always
    /// the participant's (rows failed before the flag existed have only that).</summary>
    public static string Blame(NasArena.Platform.Submissions.SubmissionView s) => (s.FailedByParticipant || s.CountsAgainstQuota, s.CountsAgainstQuota, s.CountsAsFailed) switch
    {
        (false, _, _) => "platform fault, quota refunded",
        (true, true, _) => "your submission",
        (true, false, true) => "your submission, counted as a failed submission",
        _ => "your submission, not counted in this phase",
    };

    /// <summary>The status chip's color: green scored, red failed, blue running, grey otherwise.</summary>
    public static MudBlazor.Color Color(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Scored => MudBlazor.Color.Success,
        SubmissionStatus.Failed => MudBlazor.Color.Error,
        SubmissionStatus.Running => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    public static string Status(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Queued => "Queued",
        SubmissionStatus.Running => "Running",
        SubmissionStatus.Scored => "Scored",
        SubmissionStatus.Failed => "Failed",
        SubmissionStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>Attempts are worth showing once a run was retried: "attempt 2".</summary>
    public static string? Attempts(int attempts) => attempts > 1 ? $"attempt {attempts}" : null;

    public static bool IsFinal(SubmissionStatus status) =>
        status is SubmissionStatus.Scored or SubmissionStatus.Failed or SubmissionStatus.Cancelled;

    public static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
}
