using System.Data;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Submissions;

/// <summary>
/// Accepting a submission: checks who and when, reserves quota, streams the file to storage, prechecks it,
/// and queues it for scoring. A submission row becomes visible only once its file is stored whole.
/// </summary>
public sealed class SubmissionService(
    NasArenaDb db,
    Access access,
    IObjectStore store,
    ProcessScratch scratch,
    ScorerRegistry scorers,
    AssetStager stager,
    IScoringQueue queue,
    SubmissionStates states,
    TimeProvider clock)
{
    /// <summary>Who submits under which team, once the caller, the phase's dates and the request's fields are checked.</summary>
    public sealed record Admission(Actor User, Phase Phase, Team Team, bool Organizer, bool AsBaseline, QuotaLeft Quota, bool Debug = false);

    /// <summary>
    /// Everything that can be checked before a byte of the file is sent: the caller may submit to the phase now, the
    /// fields, the declared size against the track's limit and the file name against the track kind (when given), and
    /// the quota (refused when spent; counted again, strictly, when the file is complete). The resumable upload
    /// protocol calls it when an upload starts; <see cref="SubmitAsync(Actor?, Guid, string, string, Stream, string?, bool, string?, CancellationToken)"/> on every submission.
    /// </summary>
    public Task<Admission> AdmitAsync(Actor? actor, Guid phaseId, string fileName, long? sizeBytes, string? description, bool asBaseline, CancellationToken ct) =>
        AdmitAsync(actor, phaseId, fileName, sizeBytes, description, asBaseline, debug: false, ct);

    /// <summary>As above; <paramref name="debug"/> asks for a debug run (ADR 0044), checked against the debug quota instead.</summary>
    public async Task<Admission> AdmitAsync(Actor? actor, Guid phaseId, string fileName, long? sizeBytes, string? description, bool asBaseline,
        bool debug, CancellationToken ct)
    {
        if (debug && asBaseline)
        {
            throw new InvalidInputException("'debug' and 'baseline' exclude each other: a baseline is ranked, a debug run never is.");
        }
        var user = await access.RequireVerifiedAsync(actor, "submit", ct);
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var competition = phase.Track!.Competition!;
        var organizer = await access.IsOrganizerAsync(user, competition.Id, ct);
        if (asBaseline && !organizer)
        {
            throw new ForbiddenException("Only organizers may submit baselines.");
        }
        var team = organizer && asBaseline
            ? await OrganizerTeamAsync(competition, ct)
            : await ParticipantTeamAsync(user, competition, organizer, ct);
        if (!organizer)
        {
            var now = clock.GetUtcNow();
            if (now < phase.StartsAt)
            {
                throw new PhaseNotOpenException($"The phase '{phase.Title}' opens on {phase.StartsAt:yyyy-MM-dd HH:mm} UTC.");
            }
            if (now >= phase.EndsAt)
            {
                throw new PhaseNotOpenException($"The phase '{phase.Title}' closed on {phase.EndsAt:yyyy-MM-dd HH:mm} UTC.");
            }
        }
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new InvalidInputException("The upload has no file name.");
        }
        if ((description ?? "").Length > 1000)
        {
            throw new InvalidInputException("'description' must be at most 1000 characters long.");
        }
        if (sizeBytes is { } size)
        {
            if (size > phase.Track.MaxSubmissionBytes)
            {
                throw new FileTooLargeException($"The file '{fileName}' is {UploadTooLargeException.FormatBytes(size)} ({size:N0} bytes); " +
                    $"this track's limit is {UploadTooLargeException.FormatBytes(phase.Track.MaxSubmissionBytes)} ({phase.Track.MaxSubmissionBytes:N0} bytes).");
            }
            if (size <= 0)
            {
                throw new InvalidFileException($"The file '{fileName}' is empty.");
            }
            SubmissionFiles.CheckName(phase.Track.Kind, fileName);
        }
        var quota = debug
            ? await Debug.DebugRuns.LeftAsync(db, phase, team.Id, organizer, clock.GetUtcNow(), ct)
            : organizer ? QuotaLeft.Unlimited : await QuotaLeftAsync(phase, team.Id, clock.GetUtcNow(), ct);
        quota.RefuseWhenSpent();
        return new Admission(user, phase, team, organizer, asBaseline, quota, debug);
    }

    /// <summary>
    /// What the caller's team may still submit to the phase, for the submit page ("3 of 20 submissions left today (UTC)");
    /// refused, with the reason, to a caller who may not submit there (not signed in, not registered, not approved).
    /// </summary>
    public async Task<QuotaLeft> QuotaAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var competition = phase.Track!.Competition!;
        if (await access.IsOrganizerAsync(user, competition.Id, ct))
        {
            return QuotaLeft.Unlimited with { Policy = phase.FailurePolicy };
        }
        var team = await ParticipantTeamAsync(user, competition, organizer: false, ct);
        return await QuotaLeftAsync(phase, team.Id, clock.GetUtcNow(), ct);
    }

    /// <summary>What the caller's team has left of the phase's debug runs today (ADR 0044); refused where there are none.</summary>
    public async Task<QuotaLeft> DebugQuotaAsync(Actor? actor, Guid phaseId, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        var competition = phase.Track!.Competition!;
        var organizer = await access.IsOrganizerAsync(user, competition.Id, ct);
        var team = await ParticipantTeamAsync(user, competition, organizer, ct);
        return await Debug.DebugRuns.LeftAsync(db, phase, team.Id, organizer, clock.GetUtcNow(), ct);
    }

    public Task<Submission> SubmitAsync(Actor? actor, Guid phaseId, string fileName, string contentType, Stream content,
        string? description, bool asBaseline, CancellationToken ct) =>
        SubmitAsync(actor, phaseId, fileName, contentType, content, description, asBaseline, expectedSha256: null, debug: false, ct);

    public Task<Submission> SubmitAsync(Actor? actor, Guid phaseId, string fileName, string contentType, Stream content,
        string? description, bool asBaseline, string? expectedSha256, CancellationToken ct) =>
        SubmitAsync(actor, phaseId, fileName, contentType, content, description, asBaseline, expectedSha256, debug: false, ct);

    /// <summary>
    /// The one path of every submission's file, multipart or assembled from a resumable upload: admit, reserve the quota,
    /// spool (hash, size limit), precheck, store, queue. <paramref name="expectedSha256"/>, when the client sent one, must
    /// match what arrived.
    /// </summary>
    public async Task<Submission> SubmitAsync(Actor? actor, Guid phaseId, string fileName, string contentType, Stream content,
        string? description, bool asBaseline, string? expectedSha256, bool debug, CancellationToken ct)
    {
        var (user, phase, team, organizer, _, _, _) = await AdmitAsync(actor, phaseId, fileName, sizeBytes: null, description, asBaseline, debug, ct);
        var submission = await ReserveAsync(phase, team.Id, user.UserId, fileName, description ?? "", asBaseline, enforceQuota: !organizer, debug, ct);
        string? objectKey = null;
        try
        {
            using var spooled = await SpoolAsync(content, phase.Track!.MaxSubmissionBytes, ct);
            if (spooled.SizeBytes == 0)
            {
                throw new InvalidFileException($"The file '{fileName}' is empty.");
            }
            if (expectedSha256 is not null && !string.Equals(expectedSha256, spooled.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidFileException($"The file '{fileName}' arrived with SHA-256 {spooled.Sha256}, not the {expectedSha256} declared " +
                    "when the upload started: it changed or was damaged on the way. Upload it again.");
            }
            await PrecheckAsync(phase, spooled.Path, fileName, debug, ct);
            objectKey = $"submissions/{phase.Id}/{submission.Id:N}/{SafeFileName.From(fileName)}";
            await store.PutFileAsync(objectKey, spooled.Path, ContentTypeOf(contentType), ct);
            var artifact = new Artifact
            {
                ObjectKey = objectKey,
                SizeBytes = spooled.SizeBytes,
                Sha256 = spooled.Sha256,
                ContentType = ContentTypeOf(contentType),
                FileName = SafeFileName.From(fileName),
                CreatedAt = clock.GetUtcNow(),
            };
            // QueuedAt stays null until the job is enqueued: if this process dies in between, the next start or the
            // watchdog finds the submission by that and queues it (Leftovers).
            if (!await states.QueueUploadAsync(submission.Id, submission.ScoringRun, artifact, CancellationToken.None))
            {
                throw new ConflictException("The upload took too long and was abandoned; please submit the file again.");
            }
            // What the caller reads; the row has it already.
            submission.Artifact = artifact;
            submission.ArtifactId = artifact.Id;
            SubmissionTransitions.QueueUpload.ApplyTo(submission, clock.GetUtcNow());
        }
        catch
        {
            // Nothing half-made stays behind: not the reservation (so it does not count), not the object.
            await AbandonAsync(submission, objectKey);
            throw;
        }
        // What the response shows; the row has it already.
        submission.QueuedAt = await states.EnqueueAsync(submission.Id, submission.ScoringRun,
            () => queue.Enqueue(submission.Id, submission.ScoringRun, phase.Track.Kind), CancellationToken.None);
        return submission;
    }

    private static string ContentTypeOf(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType;

    private async Task AbandonAsync(Submission submission, string? objectKey)
    {
        db.ChangeTracker.Clear();
        await states.AbandonUploadAsync(submission.Id, submission.ScoringRun, CancellationToken.None);
        if (objectKey is not null)
        {
            try
            {
                await store.DeleteAsync(objectKey, CancellationToken.None);
            }
            catch (Exception e) when (Jobs.FaultKind.IsOutage(e))
            {
                // Storage is down (the likely reason the upload failed): the object, if any was written, has no row and is
                // never read; the caller gets the original fault, not this one.
            }
        }
    }

    private async Task<SpooledFile> SpoolAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        try
        {
            return await UploadSpool.SpoolAsync(content, scratch.Uploads, maxBytes, ct);
        }
        catch (UploadTooLargeException e)
        {
            throw new FileTooLargeException(e.Message);
        }
    }

    private async Task PrecheckAsync(Phase phase, string path, string fileName, bool debug, CancellationToken ct)
    {
        // Only scorers this process hosts precheck here; the others check everything when the job runs.
        var scorer = scorers.Find(phase.Track!.Kind);
        if (scorer is null)
        {
            return;
        }
        // A debug run is checked against the debug split it will be scored on, never the hidden data.
        var assets = debug ? await stager.StageDebugAsync(phase.Id, ct) : await stager.StageHiddenAsync(phase.Id, ct);
        using var settings = JsonDocument.Parse(PhaseSettings.Merge(phase.Track.SettingsJson, phase.Slug));
        try
        {
            await scorer.PrecheckAsync(new ScoringRequest(path, fileName, assets, settings.RootElement), ct);
        }
        catch (SubmissionRejectedException e)
        {
            throw new InvalidFileException(e.Message);
        }
        catch (ScoringConfigurationException e)
        {
            throw new PhaseNotReadyException(e.Message);
        }
    }

    /// <summary>
    /// Counts the team's accepted submissions and inserts the new one in one serializable transaction,
    /// so two uploads racing for the last slot cannot both get it.
    /// </summary>
    private async Task<Submission> ReserveAsync(Phase phase, Guid teamId, Guid userId, string fileName, string description,
        bool baseline, bool enforceQuota, bool debug, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            try
            {
                var now = clock.GetUtcNow();
                if (debug)
                {
                    (await Debug.DebugRuns.LeftAsync(db, phase, teamId, !enforceQuota, now, ct)).RefuseWhenSpent();
                }
                else if (enforceQuota)
                {
                    await CheckQuotaAsync(phase, teamId, now, ct);
                }
                var submission = new Submission
                {
                    PhaseId = phase.Id,
                    TeamId = teamId,
                    SubmittedById = userId,
                    FileName = SafeFileName.From(fileName),
                    Description = description,
                    // Status: Uploading, the entity's first state (only declared transitions move it on).
                    CreatedAt = now,
                    IsBaseline = baseline,
                    CountsAgainstQuota = enforceQuota,
                    IsDebug = debug,
                };
                db.Submissions.Add(submission);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return submission;
            }
            catch (Exception e) when (attempt < 5 && IsSerializationFailure(e))
            {
                await tx.RollbackAsync(CancellationToken.None);
                await Task.Delay(20 * attempt, ct);
            }
        }
    }

    private static bool IsSerializationFailure(Exception e) =>
        e is DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "40001" or "40P01" } }
            or Npgsql.PostgresException { SqlState: "40001" or "40P01" }
            or InvalidOperationException { InnerException: Npgsql.PostgresException { SqlState: "40001" or "40P01" } };

    private async Task CheckQuotaAsync(Phase phase, Guid teamId, DateTimeOffset now, CancellationToken ct) =>
        (await QuotaLeftAsync(phase, teamId, now, ct)).RefuseWhenSpent();

    private Task<QuotaLeft> QuotaLeftAsync(Phase phase, Guid teamId, DateTimeOffset now, CancellationToken ct) =>
        QuotaRules.LeftAsync(db, phase, teamId, now, ct);

    private async Task<Team> ParticipantTeamAsync(Actor user, Competition competition, bool organizer, CancellationToken ct)
    {
        var registration = await access.RegistrationOfAsync(user.UserId, competition.Id, ct);
        if (registration is null)
        {
            if (organizer)
            {
                return await OrganizerTeamAsync(competition, ct);
            }
            throw new ForbiddenException($"You are not registered for '{competition.Slug}': register and accept its rules first.");
        }
        return registration.Status switch
        {
            RegistrationStatus.Approved => registration.Team!,
            RegistrationStatus.Pending => throw new ForbiddenException("Your registration awaits the organizers' approval."),
            _ => throw new ForbiddenException("The organizers declined your registration" +
                (registration.DecisionReason is { } reason ? $": {reason}" : ".")),
        };
    }

    /// <summary>
    /// Organizers' own entries (baselines, tests) are filed under one team per competition, found by its flag, never by
    /// its name: a participant's team called "Organizers" (refused today, possible in older data) gets none of them.
    /// </summary>
    private async Task<Team> OrganizerTeamAsync(Competition competition, CancellationToken ct)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.CompetitionId == competition.Id && t.IsOrganizers, ct);
        if (team is null)
        {
            // Team names are unique per competition: an older participant team may hold the plain name.
            var name = await db.Teams.AnyAsync(t => t.CompetitionId == competition.Id && t.Name == OrganizersTeamName, ct)
                ? OrganizersTeamName + " (" + competition.Slug + ")"
                : OrganizersTeamName;
            team = new Team { CompetitionId = competition.Id, Name = name, JoinCode = Accounts.Secrets.NewJoinCode(), IsOrganizers = true };
            db.Teams.Add(team);
            await db.SaveChangesAsync(ct);
        }
        return team;
    }

    /// <summary>What the organizers' team is called on boards and in lists.</summary>
    public const string OrganizersTeamName = "Organizers";
}
