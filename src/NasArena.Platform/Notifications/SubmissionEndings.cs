using Hangfire;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Notifications;

/// <summary>
/// Told by <see cref="SubmissionStates"/> each time a submission reaches an end (scored, failed, cancelled: the one place
/// those transitions are written): it enqueues the mail to the submitter, so no SMTP server ever slows or fails scoring.
/// </summary>
public sealed class SubmissionEndings(IBackgroundJobClient jobs, ILogger<SubmissionEndings> log)
{
    public void Ended(Guid id, int run)
    {
        if (run != 0)
        {
            // A rescore is the organizers' doing, often of a whole phase: they announce it; no mail per submission.
            return;
        }
        try
        {
            jobs.Enqueue<SubmissionEndedMailJob>(Queues.Cpu, j => j.SendAsync(id, CancellationToken.None));
        }
        catch (Exception e)
        {
            // The end is written; a mail lost to a storage outage is not worth failing the caller for.
            log.LogWarning(e, "Could not enqueue the end-of-submission mail of {Submission}", id);
        }
    }
}
