using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Domain;
using NasArena.Platform.Telemetry;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>The unit a scoring job holds: a whole submission run, or one shard of it (fenced by the shard's attempt).</summary>
public sealed record WorkItem(Guid Id, int Run, TrackKind Kind, int? Shard = null, int ShardAttempt = 0, int Start = 0, int Count = 0);

/// <summary>
/// What every scoring job does around the scorer: a heartbeat (on a thread of its own) that also notices cancellation,
/// a time limit, and the sorting of faults: the participant's (counted), an outage of a dependency (waited out with
/// paced retries that spend no attempt), and the platform's (retried a few times, then failed and refunded).
/// </summary>
public sealed class JobRun(SubmissionStates states, ShardStates shards, IScoringQueue queue, JobOptions options, IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime, ILogger<JobRun> log)
{
    /// <summary>Progress reported by the scorer, written with the next heartbeat.</summary>
    private sealed class LatestProgress : IProgress<ScoringProgress>
    {
        public volatile ScoringProgress? Value;

        public void Report(ScoringProgress value) => Value = value;
    }

    public IProgress<ScoringProgress> NewProgress() => new LatestProgress();

    /// <summary>
    /// Runs <paramref name="work"/> for the claimed <paramref name="item"/>: its span, time and outcome are recorded here
    /// (<see cref="ScoringTelemetry"/>), with <paramref name="queueWait"/> (QueuedAt to StartedAt) when known.
    /// </summary>
    public async Task ExecuteAsync(WorkItem item, IProgress<ScoringProgress>? progress, Func<CancellationToken, Task> work, CancellationToken jobToken,
        TimeSpan? queueWait = null)
    {
        using var span = ScoringTelemetry.Start(item);
        if (queueWait is { } waited)
        {
            ScoringTelemetry.Waited(item, waited);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = new Outcome();
        var meter = new Accounting.JobMeter();
        try
        {
            await RunAsync(item, progress, work, outcome, jobToken);
        }
        finally
        {
            await RecordComputeAsync(item, meter);
            ScoringTelemetry.Ran(item, Stopwatch.GetElapsedTime(started), outcome.Value);
            span?.SetTag("nasarena.scoring.outcome", outcome.Value);
            if (outcome.Reason is { } reason)
            {
                span?.SetTag("nasarena.scoring.failure_reason", reason);
                span?.SetStatus(ActivityStatusCode.Error, reason);
            }
        }
    }

    /// <summary>Every run's compute, whatever its outcome (ADR 0045); best effort: the run's outcome matters more.</summary>
    private async Task RecordComputeAsync(WorkItem item, Accounting.JobMeter meter)
    {
        try
        {
            using (meter)
            {
                // Unless the transition that ended the submission wrote it with the final state (SubmissionStates).
                if (!meter.Recorded)
                {
                    await states.RecordComputeAsync(item.Id, meter.Stop(), CancellationToken.None);
                }
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            log.LogWarning(e, "Could not record the compute of submission {Submission} run {Run} shard {Shard}", item.Id, item.Run, item.Shard);
        }
    }

    /// <summary>How a job run ended, for its span and metrics: completed, failed, retried, cancelled, requeued (the worker
    /// stopped) or abandoned.</summary>
    private sealed class Outcome
    {
        public string Value = "abandoned";
        public string? Reason;
    }

    private async Task RunAsync(WorkItem item, IProgress<ScoringProgress>? progress, Func<CancellationToken, Task> work, Outcome outcome,
        CancellationToken jobToken)
    {
        using var timeout = new CancellationTokenSource(options.ScoringTimeout);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(jobToken, timeout.Token);
        var latest = progress as LatestProgress;
        using (new Heartbeat(scopes, options.HeartbeatInterval, sp => Beat(sp, item, latest), () => lost.Cancel(), log,
                   $"heartbeat {item.Id:N}/{item.Shard}"))
        {
            try
            {
                await work(lost.Token);
                outcome.Value = "completed";
            }
            catch (SubmissionRejectedException e)
            {
                await FailAsync(item, outcome, "rejected", e.Message, counts: true);
            }
            catch (ScoringConfigurationException e)
            {
                await FailAsync(item, outcome, "configuration", SubmissionStates.PlatformFault($"The phase is not set up completely: {e.Message}"),
                    counts: false);
            }
            catch (OperationCanceledException) when (!jobToken.IsCancellationRequested && !timeout.IsCancellationRequested)
            {
                // The work is no longer ours (cancelled by the participant, rescored, taken over): nothing to write.
                outcome.Value = "cancelled";
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                await FailAsync(item, outcome, "time_limit", SubmissionStates.PlatformFault(
                    $"Scoring did not finish within the limit of {options.ScoringTimeout.TotalMinutes:0} minutes."), counts: false);
            }
            catch (Exception) when (jobToken.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // The worker is stopping (SIGTERM; WorkerOptions.Shutdown): the sandbox is dead by now (cancelling kills it),
                // and the work goes back to the queue at once rather than waiting for the watchdog to find it silent.
                outcome.Value = "requeued";
                await HandBackAsync(item);
            }
            catch (Exception e) when (!jobToken.IsCancellationRequested)
            {
                log.LogError(e, "Scoring submission {Submission} run {Run} shard {Shard} failed", item.Id, item.Run, item.Shard);
                // The database may be the one that is down: keep trying to record the outcome while the heartbeat goes on.
                await WhileDatabaseDownAsync(() => RetryOrFailAsync(item, e, outcome));
            }
        }
    }

    /// <summary>
    /// Requeues the item of a stopping worker and enqueues its job, the attempt given back (a shutdown is nobody's
    /// fault). Best effort: when the database is unreachable now, the watchdog takes the silent item back later.
    /// </summary>
    private async Task HandBackAsync(WorkItem item)
    {
        try
        {
            if (item.Shard is { } shard)
            {
                if (await shards.HandBackAsync(item.Id, item.Run, shard, item.ShardAttempt, CancellationToken.None))
                {
                    await shards.EnqueueAsync(item.Id, item.Run, shard,
                        () => queue.EnqueueShard(item.Id, item.Run, item.Kind, shard, item.Start, item.Count), CancellationToken.None);
                }
            }
            else if (await states.HandBackAsync(item.Id, item.Run, CancellationToken.None))
            {
                await states.EnqueueAsync(item.Id, item.Run, () => queue.Enqueue(item.Id, item.Run, item.Kind), CancellationToken.None);
            }
            log.LogWarning("Worker stopping: submission {Submission} run {Run} shard {Shard} handed back to the queue", item.Id, item.Run, item.Shard);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Worker stopping: could not requeue submission {Submission} run {Run} shard {Shard}; the watchdog will",
                item.Id, item.Run, item.Shard);
        }
    }

    private static bool Beat(IServiceProvider sp, WorkItem item, LatestProgress? progress)
    {
        var p = progress?.Value;
        var alive = sp.GetRequiredService<SubmissionStates>().Beat(item.Id, item.Run, p?.Done, p?.Total);
        return item.Shard is not { } shard ? alive : alive && sp.GetRequiredService<ShardStates>().Beat(item.Id, item.Run, shard, item.ShardAttempt);
    }

    private async Task WhileDatabaseDownAsync(Func<Task> record)
    {
        var until = DateTimeOffset.UtcNow + options.OutageTolerance;
        for (var wait = TimeSpan.FromSeconds(1); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await record();
                return;
            }
            catch (DbException e) when (e.IsTransient && DateTimeOffset.UtcNow < until)
            {
                log.LogWarning("The database is unavailable; recording the outcome again in {Wait}", wait);
                await Task.Delay(wait);
            }
        }
    }

    /// <summary>Ends the run as failed; counted (by <paramref name="reasonClass"/>) when it was this job that ended it.</summary>
    private async Task FailAsync(WorkItem item, Outcome outcome, string reasonClass, string reason, bool counts)
    {
        outcome.Value = "failed";
        outcome.Reason = reasonClass;
        if (await states.FailAsync(item.Id, item.Run, reason, counts, CancellationToken.None))
        {
            ScoringTelemetry.Failed(item, reasonClass);
        }
    }

    private async Task RetryOrFailAsync(WorkItem item, Exception e, Outcome outcome)
    {
        outcome.Value = "retried";
        if (FaultKind.IsOutage(e))
        {
            var retries = await states.OutageRetriesAsync(item.Id, CancellationToken.None);
            if (retries < options.MaxOutageRetries() && await RequeueAsync(item, outage: true))
            {
                await EnqueueAsync(item, options.OutageRetryDelay(retries));
                return;
            }
            var gaveUp = SubmissionStates.PlatformFault(
                $"The platform could not score this submission: {FaultKind.Describe(e)} for more than {options.OutageTolerance.TotalMinutes:0} minutes.");
            await FailAsync(item, outcome, FaultKind.Class(e), gaveUp, counts: false);
            return;
        }
        var attempts = item.Shard is null ? await states.AttemptsAsync(item.Id, CancellationToken.None) : item.ShardAttempt;
        if (attempts < options.MaxAttempts && await RequeueAsync(item, outage: false))
        {
            // Faults that are not outages may still pass (a worker restarting): back off and try again.
            await EnqueueAsync(item, TimeSpan.FromSeconds(5 * Math.Pow(3, attempts - 1)));
            return;
        }
        // The participant reads the kind of fault; the exception itself (hosts, paths, types) is logged above.
        var reason = FailureReason(attempts, e);
        log.LogWarning("Submission {Submission} run {Run} failed after {Attempts} attempts: {Reason}", item.Id, item.Run, attempts, reason);
        await FailAsync(item, outcome, FaultKind.Class(e), reason, counts: false);
    }

    private async Task<bool> RequeueAsync(WorkItem item, bool outage)
    {
        if (item.Shard is not { } shard)
        {
            return await states.RequeueAsync(item.Id, item.Run, CancellationToken.None, outage);
        }
        if (!await shards.RequeueAsync(item.Id, item.Run, shard, outage, CancellationToken.None))
        {
            return false;
        }
        if (outage)
        {
            await states.CountOutageRetryAsync(item.Id, item.Run, CancellationToken.None);
        }
        return true;
    }

    private Task EnqueueAsync(WorkItem item, TimeSpan delay) => item.Shard is { } shard
        ? shards.EnqueueAsync(item.Id, item.Run, shard, () => queue.RetryShard(item.Id, item.Run, item.Kind, shard, item.Start, item.Count, delay),
            CancellationToken.None)
        : states.EnqueueAsync(item.Id, item.Run, () => queue.Retry(item.Id, item.Run, item.Kind, delay), CancellationToken.None);

    /// <summary>The reason stored for the participant when platform faults used up the attempts.</summary>
    public static string FailureReason(int attempts, Exception e) => SubmissionStates.PlatformFault(
        $"The platform could not score this submission after {attempts} attempts ({FaultKind.Describe(e)}).");
}
