using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// The declared transitions read as a whole (issue 26 item 5): what the machine allows follows from the declarations,
/// and the copy a caller shows gets the same resets as the row. The conditional updates themselves are tested on both
/// stacks in SubmissionStateMachineTests.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SubmissionTransitionsTests
{
    private static readonly SubmissionStatus[] Final = [SubmissionStatus.Scored, SubmissionStatus.Failed, SubmissionStatus.Cancelled];

    [Fact]
    public void AFinalStateIsLeftOnlyByARescoreAndACancelledOneNever()
    {
        foreach (var t in SubmissionTransitions.All.Where(t => t != SubmissionTransitions.Rescore))
        {
            Assert.DoesNotContain(t.From, Final.Contains);
        }
        Assert.DoesNotContain(SubmissionStatus.Cancelled, SubmissionTransitions.Rescore.From);
        Assert.DoesNotContain(SubmissionTransitions.All, t => t.From.Contains(SubmissionStatus.Cancelled));
    }

    [Fact]
    public void NothingReturnsToUploadingAndOnlyTheCompletedUploadLeavesIt()
    {
        Assert.DoesNotContain(SubmissionTransitions.All, t => t.To == SubmissionStatus.Uploading);
        Assert.Equal([SubmissionTransitions.QueueUpload], SubmissionTransitions.All.Where(t => t.From.Contains(SubmissionStatus.Uploading)));
    }

    [Fact]
    public void EveryStateButCancelledCanBeLeftAndEveryStateButUploadingReached()
    {
        var left = SubmissionTransitions.All.SelectMany(t => t.From).ToHashSet();
        var reached = SubmissionTransitions.All.Select(t => t.To).ToHashSet();
        Assert.Equal(Enum.GetValues<SubmissionStatus>().Where(s => s != SubmissionStatus.Cancelled).Order(), left.Order());
        Assert.Equal(Enum.GetValues<SubmissionStatus>().Where(s => s != SubmissionStatus.Uploading).Order(), reached.Order());
    }

    [Fact]
    public void ARescoreAppliedToACopyStartsANewRunAfreshAsTheRowDoes()
    {
        var now = new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);
        var s = new Submission
        {
            FileName = "p.csv",
            QueuedAt = now.AddHours(-2),
            WaitingSince = now.AddHours(-2),
            StartedAt = now.AddHours(-1),
            FinishedAt = now.AddMinutes(-30),
            HeartbeatAt = now.AddMinutes(-31),
            OutageRetries = 2,
            FailureReason = "broken",
            ProgressDone = 7,
            ProgressTotal = 9,
        }.Force(status: SubmissionStatus.Failed, run: 2, attempts: 3);

        SubmissionTransitions.Rescore.ApplyTo(s, now);

        Assert.Equal(SubmissionStatus.Queued, s.Status);
        Assert.Equal(3, s.ScoringRun);
        Assert.Equal((0, 0, 0L), (s.Attempts, s.OutageRetries, s.ProgressDone));
        Assert.Equal(9, s.ProgressTotal); // not a reset: the new run reports its own total when it starts
        Assert.Null(s.FailureReason);
        Assert.Equal([null, null, null, null], new[] { s.QueuedAt, s.StartedAt, s.FinishedAt, s.HeartbeatAt });
        Assert.Equal(now, s.WaitingSince);
    }

    [Theory]
    [InlineData(SubmissionStatus.Cancelled)]
    [InlineData(SubmissionStatus.Uploading)]
    public void ACopyInAStateTheTransitionDoesNotLeaveIsRefusedNotRewritten(SubmissionStatus status)
    {
        var s = new Submission { FileName = "p.csv" }.Force(status: status, run: 1);
        var refused = Assert.Throws<InvalidOperationException>(() => SubmissionTransitions.Rescore.ApplyTo(s, DateTimeOffset.UnixEpoch));
        Assert.Contains($"is {status}", refused.Message);
        Assert.Equal((status, 1), (s.Status, s.ScoringRun));
    }
}
