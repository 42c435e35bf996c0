namespace NasArena.Platform.Domain;

/// <summary>
/// What a failure the participant caused (a file the scorer rejected, a package that crashed or timed out in the sandbox)
/// costs the team (issue 25, ADR 0043). Platform-caused failures and cancellations before scoring starts never cost
/// anything, whatever the policy.
/// </summary>
public enum FailedSubmissionPolicy
{
    /// <summary>It uses a submission of the phase's daily and total quota, like a scored one (the default, as before).</summary>
    Count,

    /// <summary>It is refunded: only scored submissions use the quota.</summary>
    Free,

    /// <summary>It is refunded from the phase's quota and uses one of the separate failed-submission quota instead; a team
    /// whose failed quota is spent may not submit until it renews (AIcrowd's rule).</summary>
    SeparateQuota,
}
