using System.Diagnostics;
using System.Diagnostics.Metrics;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Telemetry;

/// <summary>
/// The scoring jobs' span and metrics, recorded in one place (<see cref="JobRun"/>): a span per job run (submission id,
/// run, kind, shard), how long a submission waited in the queue (QueuedAt to StartedAt), how long scoring took, and
/// the runs that failed, by the class of their reason.
/// </summary>
public static class ScoringTelemetry
{
    public const string Name = "NasArena.Scoring";
    public const string QueueWaitName = "nasarena.scoring.queue_wait";
    public const string DurationName = "nasarena.scoring.duration";
    public const string FailuresName = "nasarena.scoring.failures";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(QueueWaitName, "s",
        "Time a submission waited in the queue before a worker started scoring it.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationName, "s",
        "Time a scoring job ran, by track kind and outcome.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(FailuresName, "{submission}",
        "Submission runs that ended failed, by track kind and failure reason class.");

    public static Activity? Start(WorkItem item)
    {
        var activity = Source.StartActivity(item.Shard is null ? "score submission" : "score shard");
        if (activity is not null)
        {
            activity.SetTag("nasarena.submission.id", item.Id.ToString());
            activity.SetTag("nasarena.scoring.run", item.Run);
            activity.SetTag("nasarena.track.kind", item.Kind.ToString());
            if (item.Shard is { } shard)
            {
                activity.SetTag("nasarena.scoring.shard", shard);
            }
        }
        return activity;
    }

    public static void Waited(WorkItem item, TimeSpan wait)
    {
        if (wait >= TimeSpan.Zero)
        {
            QueueWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("kind", item.Kind.ToString()));
        }
    }

    public static void Ran(WorkItem item, TimeSpan took, string outcome) =>
        Duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("kind", item.Kind.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome));

    public static void Failed(WorkItem item, string reasonClass) =>
        Failures.Add(1, new KeyValuePair<string, object?>("kind", item.Kind.ToString()),
            new KeyValuePair<string, object?>("reason", reasonClass));
}
