using NasArena.Platform.Configuration;

namespace NasArena.Platform.Jobs;

/// <summary>Bound from the "Jobs" configuration section.</summary>
public sealed class JobOptions : IOptionsSection
{
    public static string Section => "Jobs";

    /// <summary>Scoring attempts before the platform gives up and fails the submission (refunding the quota).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often a running job proves it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A running submission without a heartbeat for this long is taken to be lost.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A queued submission no worker has started for this long is queued again (its job may be lost).</summary>
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A queued submission waiting this long is failed with a reason instead of waiting forever.</summary>
    public TimeSpan MaxQueueTime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An upload that never completed (process crash) is removed after this long.</summary>
    public TimeSpan AbandonedUploadAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound on one scoring run; past it the job is failed with a reason.</summary>
    public TimeSpan ScoringTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long scoring waits out an outage of the database or object storage (retries paced by
    /// <see cref="OutageRetryDelay"/>, spending no attempt) before it fails the submission with a reason.
    /// </summary>
    public TimeSpan OutageTolerance { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The wait before outage retry number <paramref name="retry"/> (from 0): 5 s doubling up to 2 min, so a short blip
    /// costs seconds and a long outage a request every two minutes, not three attempts spent in 20 s.
    /// </summary>
    public TimeSpan OutageRetryDelay(int retry) => TimeSpan.FromSeconds(Math.Min(5 * Math.Pow(2, Math.Min(retry, 10)), 120));

    /// <summary>Outage retries whose waits add up to at least <see cref="OutageTolerance"/>.</summary>
    public int MaxOutageRetries()
    {
        {
            var n = 0;
            for (var waited = TimeSpan.Zero; waited < OutageTolerance; n++)
            {
                waited += OutageRetryDelay(n);
            }
            return n;
        }
    }

    /// <summary>How often each worker process runs the watchdog; a killed worker's work runs again within
    /// <see cref="HeartbeatTimeout"/> plus this.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Hangfire's own SQLite file, used when `Database:Provider` is sqlite (with postgres, Hangfire uses that database).</summary>
    public string SqliteStorage { get; set; } = ".data/hangfire.db";

    public IEnumerable<string> Problems()
    {
        string Key(string name) => $"{Section}:{name}";
        return new[]
        {
            Check.AtLeast(Key(nameof(MaxAttempts)), MaxAttempts, 1),
            Check.Positive(Key(nameof(HeartbeatInterval)), HeartbeatInterval),
            // A timeout shorter than the interval would take every running job for lost.
            HeartbeatTimeout > HeartbeatInterval ? null
                : $"`{Key(nameof(HeartbeatTimeout))}` must be longer than `{Key(nameof(HeartbeatInterval))}` ({HeartbeatInterval}); got '{HeartbeatTimeout}'.",
            Check.Positive(Key(nameof(RequeueAfter)), RequeueAfter),
            Check.Positive(Key(nameof(MaxQueueTime)), MaxQueueTime),
            Check.Positive(Key(nameof(AbandonedUploadAfter)), AbandonedUploadAfter),
            Check.Positive(Key(nameof(ScoringTimeout)), ScoringTimeout),
            Check.Positive(Key(nameof(WatchdogInterval)), WatchdogInterval),
            OutageTolerance >= TimeSpan.Zero ? null : $"`{Key(nameof(OutageTolerance))}` must not be negative; got '{OutageTolerance}'.",
            Check.Required(Key(nameof(SqliteStorage)), SqliteStorage, "a file path"),
        }.OfType<string>();
    }
}
