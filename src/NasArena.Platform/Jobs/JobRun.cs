using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Domain;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>
/// What every scoring job does around the scorer: a heartbeat that also notices cancellation, a time limit,
/// and the sorting of faults into the participant's (counted) and the platform's (retried, then refunded).
/// </summary>
public sealed class JobRun(SubmissionStates states, IScoringQueue queue, JobOptions options, IServiceScopeFactory scopes, ILogger<JobRun> log)
{
    /// <summary>Progress reported by the scorer, written with the next heartbeat.</summary>
    private sealed class LatestProgress : IProgress<ScoringProgress>
    {
        public ScoringProgress? Value;

        public void Report(ScoringProgress value) => Value = value;
    }

    public IProgress<ScoringProgress> NewProgress() => new LatestProgress();

    public async Task ExecuteAsync(Guid id, int run, TrackKind kind, IProgress<ScoringProgress> progress,
        Func<CancellationToken, Task> work, CancellationToken jobToken)
    {
        using var timeout = new CancellationTokenSource(options.ScoringTimeout);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(jobToken, timeout.Token);
        using var heartbeat = new PeriodicTimer(options.HeartbeatInterval);
        var beating = BeatAsync(id, run, (LatestProgress)progress, heartbeat, lost);
        try
        {
            await work(lost.Token);
        }
        catch (SubmissionRejectedException e)
        {
            await states.FailAsync(id, run, e.Message, counts: true, CancellationToken.None);
        }
        catch (ScoringConfigurationException e)
        {
            await states.FailAsync(id, run, SubmissionStates.PlatformFault($"The phase is not set up completely: {e.Message}"),
                counts: false, CancellationToken.None);
        }
        catch (OperationCanceledException) when (!jobToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            // The run is no longer ours (cancelled by the participant, rescored): nothing to write.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await states.FailAsync(id, run, SubmissionStates.PlatformFault(
                $"Scoring did not finish within the limit of {options.ScoringTimeout.TotalMinutes:0} minutes."), counts: false, CancellationToken.None);
        }
        catch (Exception e) when (!jobToken.IsCancellationRequested)
        {
            log.LogError(e, "Scoring submission {Submission} run {Run} failed", id, run);
            await RetryOrFailAsync(id, run, kind, e);
        }
        finally
        {
            heartbeat.Dispose();
            await beating;
        }
    }

    private async Task RetryOrFailAsync(Guid id, int run, TrackKind kind, Exception e)
    {
        var attempts = await states.AttemptsAsync(id, CancellationToken.None);
        if (attempts < options.MaxAttempts && await states.RequeueAsync(id, run, CancellationToken.None))
        {
            // Transient faults (storage, database, a worker restarting) usually pass: back off and try again.
            await states.EnqueueAsync(id, run, () => queue.Retry(id, run, kind, TimeSpan.FromSeconds(5 * Math.Pow(3, attempts - 1))),
                CancellationToken.None);
            return;
        }
        // The participant reads the kind of fault; the exception itself (hosts, paths, types) is logged above.
        var reason = FailureReason(attempts, e);
        log.LogWarning("Submission {Submission} run {Run} failed after {Attempts} attempts: {Reason}", id, run, attempts, reason);
        await states.FailAsync(id, run, reason, counts: false, CancellationToken.None);
    }

    /// <summary>The reason stored for the participant when platform faults used up the attempts.</summary>
    public static string FailureReason(int attempts, Exception e) => SubmissionStates.PlatformFault(
        $"The platform could not score this submission after {attempts} attempts ({FaultKind.Describe(e)}).");

    private async Task BeatAsync(Guid id, int run, LatestProgress progress, PeriodicTimer timer, CancellationTokenSource lost)
    {
        // The heartbeat runs beside the job's work: it needs a DbContext of its own (a DbContext is not thread-safe).
        await using var scope = scopes.CreateAsyncScope();
        var beats = scope.ServiceProvider.GetRequiredService<SubmissionStates>();
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                var p = progress.Value;
                if (!await beats.HeartbeatAsync(id, run, p?.Done, p?.Total, CancellationToken.None))
                {
                    // Cancelled or taken over: stop working on it.
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Heartbeat of submission {Submission} failed", id);
        }
    }
}
