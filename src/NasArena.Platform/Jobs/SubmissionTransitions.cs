using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Every change of a submission's status, declared once: the states it may leave, the state it enters and the fields it
/// resets. <see cref="SubmissionStates"/> runs each as a conditional update (its guard in the WHERE, its resets in the
/// SET); a caller that shows the row as a transition left it (the command path, the upload path) applies the same
/// declaration to its copy with <see cref="SubmissionTransition.ApplyTo"/> instead of repeating the resets. Conditions a
/// transition adds to its guard (a stale heartbeat, shards still out) and counters it moves from the row's own value
/// (attempts, quota) stay beside its SQL in SubmissionStates: they read the row, which only the database has.
/// </summary>
public static class SubmissionTransitions
{
    private static readonly SubmissionStatus[] InFlight = [SubmissionStatus.Queued, SubmissionStatus.Running];

    /// <summary>Back in the queue for a new attempt: the job is enqueued afresh (QueuedAt null until then), waiting from now.</summary>
    private static readonly FieldReset[] BackInQueue =
    [
        FieldReset.To(s => s.QueuedAt, _ => (DateTimeOffset?)null),
        FieldReset.To(s => s.WaitingSince, c => (DateTimeOffset?)c.Now),
        FieldReset.To(s => s.HeartbeatAt, _ => (DateTimeOffset?)null),
    ];

    /// <summary>The file is stored whole: Uploading to Queued.</summary>
    public static readonly SubmissionTransition QueueUpload = new("queue the upload", [SubmissionStatus.Uploading], SubmissionStatus.Queued,
        [FieldReset.To(s => s.QueuedAt, _ => (DateTimeOffset?)null), FieldReset.To(s => s.WaitingSince, c => (DateTimeOffset?)c.Now)]);

    /// <summary>A worker takes it: from the queue, or from a worker whose heartbeat stopped (the extra guard is the caller's).</summary>
    public static readonly SubmissionTransition Claim = new("claim", InFlight, SubmissionStatus.Running,
        [FieldReset.To(s => s.StartedAt, c => (DateTimeOffset?)c.Now), FieldReset.To(s => s.HeartbeatAt, c => (DateTimeOffset?)c.Now)]);

    public static readonly SubmissionTransition Succeed = new("score", [SubmissionStatus.Running], SubmissionStatus.Scored,
        [FieldReset.To(s => s.FinishedAt, c => (DateTimeOffset?)c.Now), FieldReset.To(s => s.FailureReason, _ => (string?)null)]);

    public static readonly SubmissionTransition Fail = new("fail", InFlight, SubmissionStatus.Failed,
        [FieldReset.To(s => s.FinishedAt, c => (DateTimeOffset?)c.Now)]);

    /// <summary>A retry of the same run (an error worth another attempt, an outage).</summary>
    public static readonly SubmissionTransition Requeue = new("requeue", InFlight, SubmissionStatus.Queued, BackInQueue);

    /// <summary>A stopping worker gives its run back.</summary>
    public static readonly SubmissionTransition HandBack = new("hand back", [SubmissionStatus.Running], SubmissionStatus.Queued, BackInQueue);

    /// <summary>The watchdog takes back a run whose worker went silent.</summary>
    public static readonly SubmissionTransition Rescue = new("rescue", [SubmissionStatus.Running], SubmissionStatus.Queued, BackInQueue);

    public static readonly SubmissionTransition Cancel = new("cancel", InFlight, SubmissionStatus.Cancelled,
        [FieldReset.To(s => s.FinishedAt, c => (DateTimeOffset?)c.Now)]);

    /// <summary>A new scoring run (run + 1) that starts afresh; never from cancelled or uploading.</summary>
    public static readonly SubmissionTransition Rescore = new("rescore",
        [SubmissionStatus.Queued, SubmissionStatus.Running, SubmissionStatus.Scored, SubmissionStatus.Failed], SubmissionStatus.Queued,
        [
            FieldReset.To(s => s.ScoringRun, c => c.Run + 1),
            .. BackInQueue,
            FieldReset.To(s => s.StartedAt, _ => (DateTimeOffset?)null),
            FieldReset.To(s => s.FinishedAt, _ => (DateTimeOffset?)null),
            FieldReset.To(s => s.Attempts, _ => 0),
            FieldReset.To(s => s.OutageRetries, _ => 0),
            FieldReset.To(s => s.FailureReason, _ => (string?)null),
            FieldReset.To(s => s.ProgressDone, _ => 0L),
        ]);

    /// <summary>Every declared transition, for the tests that read the machine as a whole.</summary>
    public static IReadOnlyList<SubmissionTransition> All { get; } = [QueueUpload, Claim, Succeed, Fail, Requeue, HandBack, Rescue, Cancel, Rescore];
}

/// <summary>What a transition's resets may depend on: when it happens and the run it leaves.</summary>
public readonly record struct TransitionContext(DateTimeOffset Now, int Run);

/// <summary>One transition: <see cref="From"/> the states it may leave, <see cref="To"/> the one it enters, and its resets.</summary>
public sealed class SubmissionTransition(string name, SubmissionStatus[] from, SubmissionStatus to, IReadOnlyList<FieldReset> resets)
{
    public string Name => name;
    public IReadOnlyList<SubmissionStatus> From => from;
    public SubmissionStatus To => to;
    public IReadOnlyList<FieldReset> Resets => resets;

    public bool Allows(SubmissionStatus status) => from.Contains(status);

    /// <summary>The row this transition may change: this submission, this run, in one of the states it leaves.</summary>
    public Expression<Func<Submission, bool>> Guard(Guid id, int run) =>
        s => s.Id == id && s.ScoringRun == run && from.Contains(s.Status);

    /// <summary>The SET of the conditional update: the new state and the resets.</summary>
    public void Set(UpdateSettersBuilder<Submission> u, TransitionContext context)
    {
        u.SetProperty(s => s.Status, to);
        foreach (var reset in resets)
        {
            reset.Set(u, context);
        }
    }

    /// <summary>
    /// The same change made to a copy the caller shows (the row has it already, written by the conditional update). A copy
    /// in a state the transition does not leave is a bug of the caller's: it throws rather than show a state never written.
    /// </summary>
    public void ApplyTo(Submission submission, DateTimeOffset now)
    {
        if (!Allows(submission.Status))
        {
            throw new InvalidOperationException($"A submission that is {submission.Status} cannot {name} (from {string.Join(" or ", from)}).");
        }
        var context = new TransitionContext(now, submission.ScoringRun);
        foreach (var reset in resets)
        {
            reset.Apply(submission, context);
        }
        Submission.StatusProperty.SetValue(submission, to);
    }
}

/// <summary>A field a transition sets, to a value known before the update runs (never read from the row).</summary>
public sealed class FieldReset
{
    private readonly Action<UpdateSettersBuilder<Submission>, TransitionContext> _set;
    private readonly Action<Submission, TransitionContext> _apply;

    private FieldReset(string property, Action<UpdateSettersBuilder<Submission>, TransitionContext> set, Action<Submission, TransitionContext> apply) =>
        (Property, _set, _apply) = (property, set, apply);

    public string Property { get; }

    public static FieldReset To<T>(Expression<Func<Submission, T>> property, Func<TransitionContext, T> value)
    {
        // The setter may be private (Status, ScoringRun, Attempts): only a declared transition writes those.
        var info = (PropertyInfo)((MemberExpression)property.Body).Member;
        return new FieldReset(info.Name, (u, c) => u.SetProperty(property, value(c)), (s, c) => info.SetValue(s, value(c)));
    }

    public void Set(UpdateSettersBuilder<Submission> u, TransitionContext context) => _set(u, context);

    public void Apply(Submission submission, TransitionContext context) => _apply(submission, context);
}
