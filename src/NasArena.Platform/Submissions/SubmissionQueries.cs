using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Storage;

namespace NasArena.Platform.Submissions;

/// <summary>Reading submissions, as each caller may see them; what changes one is in <see cref="SubmissionCommands"/>.</summary>
public sealed class SubmissionQueries(NasArenaDb db, Access access, IObjectStore store)
{
    private IQueryable<Submission> Visible =>
        db.Submissions.Include(s => s.Score).Include(s => s.Team).Include(s => s.Artifact)
            .Where(s => s.Status != SubmissionStatus.Uploading);

    public async Task<List<SubmissionView>> MineAsync(Actor? actor, Guid phaseId, CancellationToken ct) =>
        (await MineLiveAsync(actor, phaseId, ct)).Select(l => l.View).ToList();

    /// <summary>The team's submissions to a phase, newest first, with the worker's heartbeat (for the browser's live list).</summary>
    public async Task<List<LiveSubmission>> MineLiveAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var organizer = await access.IsOrganizerAsync(user, phase.Track!.CompetitionId, ct);
        var registration = await access.RegistrationOfAsync(user.UserId, phase.Track.CompetitionId, ct);
        if (!organizer)
        {
            // A team's submissions are read by its approved members only: a join code alone (pending) shows nothing.
            Access.RequireApproved(registration);
        }
        var teamId = registration?.TeamId;
        var rows = await Visible.Where(s => s.PhaseId == phaseId && (s.TeamId == teamId || (teamId == null && s.SubmittedById == user.UserId)))
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return rows.Select(s => new LiveSubmission(SubmissionView.From(s, s.Team!.Name, phase, organizer), s.HeartbeatAt)).ToList();
    }

    public async Task<List<SubmissionView>> AllAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var rows = await Visible.Where(s => s.PhaseId == phaseId).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return rows.Select(s => SubmissionView.From(s, s.Team!.Name, phase, organizer: true)).ToList();
    }

    /// <summary>
    /// A submission its own team or the organizers may see; to anyone else it does not exist. Tracked, so that
    /// <see cref="SubmissionCommands"/> can change its flags.
    /// </summary>
    internal async Task<(Submission Submission, Phase Phase, bool Organizer)> LoadAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var submission = await Visible.SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException($"There is no submission with id {id}.");
        var phase = await access.PhaseAsync(actor, submission.PhaseId, ct);
        var organizer = await access.IsOrganizerAsync(user, phase.Track!.CompetitionId, ct);
        if (!organizer)
        {
            var registration = await access.RegistrationOfAsync(user.UserId, phase.Track.CompetitionId, ct);
            if (registration is not { Status: RegistrationStatus.Approved } || registration.TeamId != submission.TeamId)
            {
                throw new NotFoundException($"There is no submission with id {id}.");
            }
        }
        return (submission, phase, organizer);
    }

    public async Task<SubmissionView> GetAsync(Actor? actor, Guid id, CancellationToken ct) => (await GetLiveAsync(actor, id, ct)).View;

    /// <summary>One submission with the worker's heartbeat, and the phase it belongs to (for the submission's page).</summary>
    public async Task<LiveSubmission> GetLiveAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, phase, organizer) = await LoadAsync(actor, id, ct);
        return new LiveSubmission(SubmissionView.From(s, s.Team!.Name, phase, organizer), s.HeartbeatAt);
    }

    /// <summary>
    /// The submitted file, to its own team and the organizers only (the same rule as reading the submission). The caller
    /// disposes the stream.
    /// </summary>
    public async Task<(string FileName, string ContentType, Stream Content)> OpenFileAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var (s, _, _) = await LoadAsync(actor, id, ct);
        var artifact = s.Artifact ?? throw new NotFoundException($"Submission {id} has no stored file.");
        return (artifact.FileName, artifact.ContentType, await store.OpenReadAsync(artifact.ObjectKey, ct));
    }
}
