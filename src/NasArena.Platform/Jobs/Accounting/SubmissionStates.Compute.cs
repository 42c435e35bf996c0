using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs.Accounting;

namespace NasArena.Platform.Jobs;

/// <summary>Compute accounting (ADR 0045): every job run adds its own figures to its submission's.</summary>
public sealed partial class SubmissionStates
{
    /// <summary>
    /// Adds one job run's figures to the submission's: wall, CPU and GPU seconds sum up, peak memory is the highest. Not a
    /// transition, so unconditional on the status: used for the runs that did not end the submission themselves.
    /// </summary>
    public async Task RecordComputeAsync(Guid id, ComputeUsage run, CancellationToken ct) =>
        await db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(u => AddCompute(u, run), ct);

    /// <summary>
    /// The run that ends a submission (scored or failed by its job) writes its compute in the same update as the final
    /// state, so whoever sees the final state also sees the compute: a page or a script that stops polling at the final
    /// state read none when it was written just after (CI's compute journey did). The meter is the job's own
    /// (<see cref="JobMeter.Current"/>); it is marked recorded only once the update wrote the row.
    /// </summary>
    private static (JobMeter Meter, ComputeUsage Usage)? EndingRunCompute() =>
        JobMeter.Current is { Recorded: false } meter ? (meter, meter.Stop()) : null;

    private static void AddCompute(UpdateSettersBuilder<Submission> u, ComputeUsage run)
    {
        var peak = run.PeakMemoryBytes;
        var source = run.Source is { Length: > 64 } long_ ? long_[..64] : run.Source;
        u.SetProperty(s => s.WallSeconds, s => s.WallSeconds + run.WallSeconds)
            .SetProperty(s => s.CpuSeconds, s => s.CpuSeconds + run.CpuSeconds)
            .SetProperty(s => s.PeakMemoryBytes, s => s.PeakMemoryBytes > peak ? s.PeakMemoryBytes : peak)
            .SetProperty(s => s.ComputeSource, source);
        if (run.GpuSeconds is { } gpu)
        {
            u.SetProperty(s => s.GpuSeconds, s => (s.GpuSeconds ?? 0) + gpu);
        }
    }
}
