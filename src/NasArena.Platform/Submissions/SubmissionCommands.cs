using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Submissions;

/// <summary>
/// The actions on a submission after it is accepted: cancel, rescore, flags. Who may do what is checked here; each change
/// of status is one transition of <see cref="SubmissionStates"/>, refused when the row changed since it was read.
/// </summary>
public sealed class SubmissionCommands(NasArenaDb db, Access access, SubmissionQueries queries, IScoringQueue queue, SubmissionStates states)
{
    public async Task<SubmissionView> CancelAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, _, organizer) = await queries.LoadAsync(actor, id, ct);
        if (s.IsFinal)
        {
            throw new ConflictException($"The submission is {s.Status.ToString().ToLowerInvariant()} already and cannot be cancelled.");
        }
        var reason = organizer && s.SubmittedById != actor!.UserId ? "Cancelled by the organizers." : "Cancelled by your team.";
        if (!await states.CancelAsync(id, s.ScoringRun, reason, ct))
        {
            throw new ConflictException("The submission finished before it could be cancelled.");
        }
        db.ChangeTracker.Clear();
        return await queries.GetAsync(actor, id, ct);
    }

    /// <summary>
    /// A new scoring run. A rescore that finds the submission changed since it read it (a worker finished, another
    /// organizer rescored) reads it again: what is asked for is a run that starts after the request.
    /// </summary>
    public async Task<SubmissionView> RescoreAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (s, phase, organizer) = await queries.LoadAsync(actor, id, ct);
            await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
            // Detached: the view shows the row as this rescore left it, even if a worker claims it before a read.
            db.ChangeTracker.Clear();
            if (await RescoreAsync(s, phase, ct) is { } queuedAt)
            {
                // The declared transition's own resets, applied to the copy shown (the row has them already).
                SubmissionTransitions.Rescore.ApplyTo(s, queuedAt);
                s.QueuedAt = queuedAt;
                return SubmissionView.From(s, s.Team!.Name, phase, organizer);
            }
            if (attempt == 3)
            {
                throw new ConflictException("The submission kept changing while it was being rescored; please try again.");
            }
        }
    }

    public async Task<int> RescorePhaseAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var rows = await db.Submissions.AsNoTracking()
            // Debug runs are not rescored with the phase: they are never ranked (ADR 0044).
            .Where(s => s.PhaseId == phaseId && !s.IsDebug && (s.Status == SubmissionStatus.Scored || s.Status == SubmissionStatus.Failed))
            .ToListAsync(ct);
        var queued = 0;
        foreach (var s in rows)
        {
            // One that changed since the read (rescored by someone else meanwhile) is queued already.
            queued += await RescoreAsync(s, phase, ct) is null ? 0 : 1;
        }
        return queued;
    }

    /// <summary>When it was queued, or null when the submission changed since <paramref name="s"/> was read.</summary>
    private async Task<DateTimeOffset?> RescoreAsync(Submission s, Phase phase, CancellationToken ct)
    {
        if (!SubmissionTransitions.Rescore.Allows(s.Status))
        {
            throw new ConflictException($"A {s.Status.ToString().ToLowerInvariant()} submission cannot be rescored.");
        }
        if (!await states.RescoreAsync(s.Id, s.ScoringRun, s.Status, ct))
        {
            return null;
        }
        var run = s.ScoringRun + 1;
        return await states.EnqueueAsync(s.Id, run, () => queue.Enqueue(s.Id, run, phase.Track!.Kind), ct);
    }

    public sealed record FlagsInput(bool? Hidden, bool? Disqualified, bool? Baseline);

    /// <summary>Flags are not states: they change no status and need no guard.</summary>
    public async Task<SubmissionView> SetFlagsAsync(Actor? actor, Guid id, FlagsInput input, CancellationToken ct)
    {
        var (s, phase, _) = await queries.LoadAsync(actor, id, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        s.IsHidden = input.Hidden ?? s.IsHidden;
        s.IsDisqualified = input.Disqualified ?? s.IsDisqualified;
        s.IsBaseline = input.Baseline ?? s.IsBaseline;
        await db.SaveChangesAsync(ct);
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
        return await queries.GetAsync(actor, id, ct);
    }
}
