using NasArena.Platform.Domain;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// Puts a submission row in a given state for a test's set-up (a run that stopped beating, a row cancelled behind a
/// worker's back). The platform's code cannot: Status, ScoringRun and Attempts have private setters and only the
/// declared transitions (Jobs/SubmissionTransitions.cs) write them. Tests reach the setters by reflection, on purpose.
/// </summary>
public static class SubmissionRowState
{
    public static Submission Force(this Submission submission, SubmissionStatus? status = null, int? run = null, int? attempts = null)
    {
        if (status is { } s)
        {
            Set(submission, nameof(Submission.Status), s);
        }
        if (run is { } r)
        {
            Set(submission, nameof(Submission.ScoringRun), r);
        }
        if (attempts is { } a)
        {
            Set(submission, nameof(Submission.Attempts), a);
        }
        return submission;
    }

    private static void Set(Submission submission, string property, object value) =>
        typeof(Submission).GetProperty(property)!.SetValue(submission, value);
}
