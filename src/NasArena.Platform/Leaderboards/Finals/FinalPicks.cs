using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Leaderboards.Finals;

/// <summary>
/// A team's final selection for a phase: <paramref name="Picked"/> what it picked; <paramref name="Counted"/> what the private
/// board ranks for it (its picks, or its best <paramref name="Limit"/> by the public board when it picked none:
/// <paramref name="Defaulted"/>). <paramref name="Open"/> until the phase ends (<paramref name="ClosesAt"/>).
/// </summary>
public sealed record FinalPicksView(Guid PhaseId, Guid TeamId, int? Limit, DateTimeOffset ClosesAt, bool Open, IReadOnlyList<Guid> Picked,
    IReadOnlyList<Guid> Counted, bool Defaulted, string Rule);

/// <summary>Picking and unpicking a team's submissions for the private board (issue 25 item 1, ADR 0040).</summary>
public sealed class FinalPicks(NasArenaDb db, Access access)
{
    public async Task<FinalPicksView> MineAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var teamId = await TeamOfAsync(actor, phase, ct);
        return await ViewAsync(phase, teamId, ct);
    }

    public Task<FinalPicksView> PickAsync(Actor? actor, Guid submissionId, CancellationToken ct) => SetAsync(actor, submissionId, true, ct);

    public Task<FinalPicksView> UnpickAsync(Actor? actor, Guid submissionId, CancellationToken ct) => SetAsync(actor, submissionId, false, ct);

    private async Task<FinalPicksView> SetAsync(Actor? actor, Guid submissionId, bool pick, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId && s.Status != SubmissionStatus.Uploading, ct)
            ?? throw new NotFoundException($"There is no submission with id {submissionId}.");
        var phase = await access.PhaseAsync(actor, submission.PhaseId, ct);
        var teamId = await TeamOfAsync(user, phase, ct, submission);
        if (pick && submission.IsDebug)
        {
            // Scored on the debug split, not the hidden data: it has no private score to rank (ADR 0044).
            throw new ConflictException("A debug run cannot be picked for the private board: it was scored on the debug split only.");
        }
        if (phase.FinalPicks is not { } limit)
        {
            throw new ConflictException($"Phase '{phase.Title}' has no final selection: every scored submission counts on its private board.");
        }
        var now = DateTimeOffset.UtcNow;
        if (now >= phase.EndsAt)
        {
            throw new ConflictException($"Phase '{phase.Title}' ended at {phase.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: final picks can no longer change.");
        }
        if (pick)
        {
            await PickCheckedAsync(phase, teamId, submission, limit, now, ct);
        }
        else
        {
            await db.Submissions.Where(s => s.Id == submission.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.PickedAt, (DateTimeOffset?)null), ct);
        }
        // The private board ranks the picks: it changed.
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
        return await ViewAsync(phase, teamId, ct);
    }

    private async Task PickCheckedAsync(Phase phase, Guid teamId, Submission submission, int limit, DateTimeOffset now, CancellationToken ct)
    {
        if (submission.Status != SubmissionStatus.Scored)
        {
            throw new ConflictException($"Only a scored submission can be picked: submission {submission.Id} is {submission.Status.ToString().ToLowerInvariant()}.");
        }
        if (submission.IsHidden || submission.IsDisqualified || submission.IsBaseline)
        {
            throw new ConflictException($"Submission {submission.Id} is {(submission.IsBaseline ? "a baseline" : submission.IsDisqualified ? "disqualified" : "hidden")}: it cannot be on the private board.");
        }
        if (submission.PickedAt is not null) return;
        var picked = await PickedAsync(phase.Id, teamId, ct);
        if (picked.Count >= limit)
        {
            throw new ConflictException($"Your team has picked {picked.Count} of at most {limit} submissions already ({string.Join(", ", picked)}): unpick one first.");
        }
        var updated = await db.Submissions.Where(s => s.Id == submission.Id && s.PickedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PickedAt, now), ct);
        // Two picks at once may both have counted limit - 1: the one that finds the limit passed gives its pick back.
        if (updated > 0 && (await PickedAsync(phase.Id, teamId, ct)).Count > limit)
        {
            await db.Submissions.Where(s => s.Id == submission.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.PickedAt, (DateTimeOffset?)null), ct);
            throw new ConflictException($"Your team has picked {limit} submissions already (another pick arrived at the same time): unpick one first.");
        }
    }

    private Task<List<Guid>> PickedAsync(Guid phaseId, Guid teamId, CancellationToken ct) =>
        db.Submissions.Where(s => s.PhaseId == phaseId && s.TeamId == teamId && s.PickedAt != null).Select(s => s.Id).ToListAsync(ct);

    /// <summary>
    /// The caller's team in the phase's competition (approved). Picks are the team's own: another team's submission does not
    /// exist to the caller (as reading it); an organizer who is not on the team is told so.
    /// </summary>
    private async Task<Guid> TeamOfAsync(Actor? actor, Phase phase, CancellationToken ct, Submission? submission = null)
    {
        var user = Access.RequireUser(actor);
        var registration = await access.RegistrationOfAsync(user.UserId, phase.Track!.CompetitionId, ct);
        var member = registration is { Status: RegistrationStatus.Approved } && (submission is null || registration.TeamId == submission.TeamId);
        if (member) return registration!.TeamId;
        if (submission is not null && await access.IsOrganizerAsync(user, phase.Track.CompetitionId, ct))
        {
            throw new ForbiddenException("Final picks are the team's own: only its members pick or unpick them.");
        }
        Access.RequireApproved(registration);
        throw submission is null
            ? new ForbiddenException("Register for the competition (and join a team) to pick final submissions.")
            : new NotFoundException($"There is no submission with id {submission.Id}.");
    }

    private async Task<FinalPicksView> ViewAsync(Phase phase, Guid teamId, CancellationToken ct)
    {
        var entrants = await LeaderboardService.Entrants(db, phase.Id).Where(s => s.TeamId == teamId).ToListAsync(ct);
        var counted = FinalSelection.Entries(entrants, phase);
        var picked = await PickedAsync(phase.Id, teamId, ct);
        var open = DateTimeOffset.UtcNow < phase.EndsAt;
        var rule = phase.FinalPicks is { } n
            ? $"Pick up to {n} scored submission(s) for the private board until {phase.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; without picks, your best {n} on the public board count."
            : "Every scored submission counts on the private board: this phase has no final selection.";
        return new FinalPicksView(phase.Id, teamId, phase.FinalPicks, phase.EndsAt, open && phase.FinalPicks is not null, picked,
            counted.Where(s => !s.IsBaseline).Select(s => s.Id).ToList(), phase.FinalPicks is not null && picked.Count == 0, rule);
    }
}
