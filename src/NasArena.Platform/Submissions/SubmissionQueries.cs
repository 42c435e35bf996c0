using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;

namespace NasArena.Platform.Submissions;

/// <summary>Reading submissions and the actions on one after it is accepted: cancel, rescore, flags.</summary>
public sealed class SubmissionQueries(NasArenaDb db, Access access, IScoringQueue queue, SubmissionStates states, TimeProvider clock)
{
    private IQueryable<Submission> Visible =>
        db.Submissions.Include(s => s.Score).Include(s => s.Team).Include(s => s.Artifact)
            .Where(s => s.Status != SubmissionStatus.Uploading);

    public async Task<List<SubmissionView>> MineAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var phase = await access.PhaseAsync(phaseId, ct);
        var organizer = await access.IsOrganizerAsync(user, phase.Track!.CompetitionId, ct);
        var registration = await access.RegistrationOfAsync(user.UserId, phase.Track.CompetitionId, ct);
        var teamId = registration?.TeamId;
        var rows = await Visible.Where(s => s.PhaseId == phaseId && (s.TeamId == teamId || (teamId == null && s.SubmittedById == user.UserId)))
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return rows.Select(s => SubmissionView.From(s, s.Team!.Name, phase, organizer)).ToList();
    }

    public async Task<List<SubmissionView>> AllAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var rows = await Visible.Where(s => s.PhaseId == phaseId).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return rows.Select(s => SubmissionView.From(s, s.Team!.Name, phase, organizer: true)).ToList();
    }

    /// <summary>A submission its own team or the organizers may see; to anyone else it does not exist.</summary>
    private async Task<(Submission Submission, Phase Phase, bool Organizer)> LoadAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var submission = await Visible.SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException($"There is no submission with id {id}.");
        var phase = await access.PhaseAsync(submission.PhaseId, ct);
        var organizer = await access.IsOrganizerAsync(user, phase.Track!.CompetitionId, ct);
        if (!organizer)
        {
            var registration = await access.RegistrationOfAsync(user.UserId, phase.Track.CompetitionId, ct);
            if (registration?.TeamId != submission.TeamId)
            {
                throw new NotFoundException($"There is no submission with id {id}.");
            }
        }
        return (submission, phase, organizer);
    }

    public async Task<SubmissionView> GetAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, phase, organizer) = await LoadAsync(actor, id, ct);
        return SubmissionView.From(s, s.Team!.Name, phase, organizer);
    }

    public async Task<SubmissionView> CancelAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, phase, organizer) = await LoadAsync(actor, id, ct);
        if (s.IsFinal)
        {
            throw new ConflictException($"The submission is {s.Status.ToString().ToLowerInvariant()} already and cannot be cancelled.");
        }
        var reason = organizer && !IsOwnTeam(actor!, s) ? "Cancelled by the organizers." : "Cancelled by your team.";
        // Conditional: a worker finishing at this moment either wins (scored) or loses (cancelled), never both.
        var changed = await db.Submissions
            .Where(x => x.Id == id && (x.Status == SubmissionStatus.Queued || x.Status == SubmissionStatus.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SubmissionStatus.Cancelled)
                .SetProperty(x => x.FailureReason, reason)
                .SetProperty(x => x.FinishedAt, clock.GetUtcNow()), ct);
        if (changed == 0)
        {
            throw new ConflictException("The submission finished before it could be cancelled.");
        }
        // Nobody combines the shards of a cancelled run (one still running may store a result later: the watchdog removes it).
        await db.Shards.Where(r => r.SubmissionId == id).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
        return await GetAsync(actor, id, ct);
    }

    private static bool IsOwnTeam(Actor actor, Submission s) => s.SubmittedById == actor.UserId;

    public async Task<SubmissionView> RescoreAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, phase, _) = await LoadAsync(actor, id, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        await RequeueAsync(s, phase, ct);
        return await GetAsync(actor, id, ct);
    }

    public async Task<int> RescorePhaseAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var rows = await db.Submissions.Where(s => s.PhaseId == phaseId && (s.Status == SubmissionStatus.Scored || s.Status == SubmissionStatus.Failed))
            .ToListAsync(ct);
        foreach (var s in rows)
        {
            await RequeueAsync(s, phase, ct);
        }
        return rows.Count;
    }

    /// <summary>A new scoring run: jobs of older runs find a different run number and do nothing.</summary>
    private async Task RequeueAsync(Submission s, Phase phase, CancellationToken ct)
    {
        if (s.Status is SubmissionStatus.Cancelled)
        {
            throw new ConflictException("A cancelled submission cannot be rescored.");
        }
        s.ScoringRun++;
        s.Status = SubmissionStatus.Queued;
        s.QueuedAt = null; // set once the job is enqueued (SubmissionStates.EnqueueAsync)
        s.StartedAt = null;
        s.FinishedAt = null;
        s.HeartbeatAt = null;
        s.Attempts = 0;
        s.FailureReason = null;
        s.ProgressDone = 0;
        await db.SaveChangesAsync(ct);
        // What the response shows; the row has it already.
        s.QueuedAt = await states.EnqueueAsync(s.Id, s.ScoringRun, () => queue.Enqueue(s.Id, s.ScoringRun, phase.Track!.Kind), ct);
    }

    public sealed record FlagsInput(bool? Hidden, bool? Disqualified, bool? Baseline);

    public async Task<SubmissionView> SetFlagsAsync(Actor? actor, Guid id, FlagsInput input, CancellationToken ct)
    {
        var (s, phase, _) = await LoadAsync(actor, id, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        s.IsHidden = input.Hidden ?? s.IsHidden;
        s.IsDisqualified = input.Disqualified ?? s.IsDisqualified;
        s.IsBaseline = input.Baseline ?? s.IsBaseline;
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, id, ct);
    }
}
