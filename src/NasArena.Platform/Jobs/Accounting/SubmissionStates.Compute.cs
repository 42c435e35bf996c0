using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Jobs.Accounting;

namespace NasArena.Platform.Jobs;

/// <summary>Compute accounting (ADR 0045): not a transition, so unconditional on the status; every job run adds its own.</summary>
public sealed partial class SubmissionStates
{
    /// <summary>Adds one job run's figures to the submission's: wall, CPU and GPU seconds sum up, peak memory is the highest.</summary>
    public async Task RecordComputeAsync(Guid id, ComputeUsage run, CancellationToken ct)
    {
        var peak = run.PeakMemoryBytes;
        var source = run.Source is { Length: > 64 } long_ ? long_[..64] : run.Source;
        var rows = db.Submissions.Where(s => s.Id == id);
        if (run.GpuSeconds is { } gpu)
        {
            await rows.ExecuteUpdateAsync(u => u.SetProperty(s => s.WallSeconds, s => s.WallSeconds + run.WallSeconds)
                .SetProperty(s => s.CpuSeconds, s => s.CpuSeconds + run.CpuSeconds)
                .SetProperty(s => s.PeakMemoryBytes, s => s.PeakMemoryBytes > peak ? s.PeakMemoryBytes : peak)
                .SetProperty(s => s.GpuSeconds, s => (s.GpuSeconds ?? 0) + gpu)
                .SetProperty(s => s.ComputeSource, source), ct);
            return;
        }
        await rows.ExecuteUpdateAsync(u => u.SetProperty(s => s.WallSeconds, s => s.WallSeconds + run.WallSeconds)
            .SetProperty(s => s.CpuSeconds, s => s.CpuSeconds + run.CpuSeconds)
            .SetProperty(s => s.PeakMemoryBytes, s => s.PeakMemoryBytes > peak ? s.PeakMemoryBytes : peak)
            .SetProperty(s => s.ComputeSource, source), ct);
    }
}
