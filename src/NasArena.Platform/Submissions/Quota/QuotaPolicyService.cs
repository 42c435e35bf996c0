using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Submissions;

/// <summary>A phase's rule for failed submissions as the API reads and writes it (ADR 0043).</summary>
public sealed record QuotaPolicyView(string Policy, int? FailedDailyLimit, int? FailedTotalLimit, string Rule)
{
    public static QuotaPolicyView Of(Phase p) => new(p.FailurePolicy.ToString(), p.FailedDailyLimit, p.FailedTotalLimit, QuotaRules.Describe(p.FailurePolicy));
}

/// <param name="Policy">Count, Free or SeparateQuota (any case).</param>
public sealed record QuotaPolicyInput(string? Policy, int? FailedDailyLimit, int? FailedTotalLimit);

/// <summary>
/// Reading and setting a phase's failed-submission policy: a section of its own, beside the phase's other settings, so it
/// changes without touching them. Anyone who may see the phase reads it; its organizers set it.
/// </summary>
public sealed class QuotaPolicyService(NasArenaDb db, Access access)
{
    public async Task<QuotaPolicyView> GetAsync(Actor? actor, Guid phaseId, CancellationToken ct) =>
        QuotaPolicyView.Of(await access.PhaseAsync(actor, phaseId, ct));

    public async Task<QuotaPolicyView> SetAsync(Actor? actor, Guid phaseId, QuotaPolicyInput input, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var policy = Parse(input.Policy);
        QuotaRules.Check(policy, input.FailedDailyLimit, input.FailedTotalLimit);
        // Applies from now on: failures already recorded keep what they cost when they happened.
        phase.FailurePolicy = policy;
        phase.FailedDailyLimit = input.FailedDailyLimit;
        phase.FailedTotalLimit = input.FailedTotalLimit;
        await db.SaveChangesAsync(ct);
        return QuotaPolicyView.Of(phase);
    }

    public static FailedSubmissionPolicy Parse(string? policy) =>
        Enum.TryParse<FailedSubmissionPolicy>(policy, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(policy, out _)
            ? parsed
            : throw new InvalidInputException(
                $"'policy' must be one of {string.Join(", ", Enum.GetNames<FailedSubmissionPolicy>())}, not '{policy}'.");
}
