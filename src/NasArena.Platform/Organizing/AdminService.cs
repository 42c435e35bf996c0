using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Organizing;

/// <param name="IsOrganizer">An admin made the user "organizer": they may create competitions (ADR 0031).</param>
public sealed record UserRow(Guid Id, string Email, string DisplayName, bool IsAdmin, DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt, string? DisabledReason, bool IsOrganizer = false)
{
    public bool Disabled => DisabledAt is not null;

    public static UserRow Of(User u) => new(u.Id, u.Email, u.DisplayName, u.IsAdmin, u.CreatedAt, u.DisabledAt, u.DisabledReason, u.CanCreateCompetitions);
}

public sealed record QueueRow(string Queue, int Waiting, int Running, long JobsEnqueued);

public sealed record WorkerRow(string Name, string[] Queues, int Workers, DateTimeOffset StartedAt, DateTimeOffset? Heartbeat);

public sealed record StuckRow(Guid Id, string Competition, string Track, string Phase, string TeamName, string FileName, SubmissionStatus Status,
    int Attempts, DateTimeOffset? QueuedAt, DateTimeOffset? HeartbeatAt, string Why);

public sealed record Operations(List<QueueRow> Queues, List<WorkerRow> Workers, List<StuckRow> Stuck, TimeSpan HeartbeatTimeout);

/// <summary>
/// What administrators see and do across the platform: users (and who is an admin), the queues and worker processes, and
/// the submissions nobody is working on (a worker silent past the heartbeat timeout, a queued one whose job looks lost,
/// one whose attempts are piling up), each requeued or failed and refunded through the state machine's own guarded
/// transitions (the same the watchdog uses), never by writing a status.
/// </summary>
public sealed class AdminService(NasArenaDb db, SubmissionStates states, IScoringQueue queue, JobOptions options, JobStorage jobs, TimeProvider clock)
{
    public async Task<List<UserRow>> UsersAsync(Actor? actor, string? search, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLower();
            users = users.Where(u => u.Email.Contains(s) || u.DisplayName.ToLower().Contains(s));
        }
        return await users.OrderBy(u => u.Email).Take(500)
            .Select(u => new UserRow(u.Id, u.Email, u.DisplayName, u.IsAdmin, u.CreatedAt, u.DisabledAt, u.DisabledReason, u.CanCreateCompetitions)).ToListAsync(ct);
    }

    public const int MaxReasonLength = 500;

    /// <summary>
    /// Makes a user an admin or not; the last enabled admin cannot be removed (nobody could then make another). The
    /// change reaches the user's cookie at their next request (ADR 0023).
    /// </summary>
    public async Task<UserRow> SetAdminAsync(Actor? actor, Guid userId, bool admin, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var user = await FindAsync(userId, ct);
        if (!admin && user.IsAdmin && user.DisabledAt is null && await EnabledAdminsAsync(ct) == 1)
        {
            throw new ConflictException($"{user.Email} is the only admin: make another user an admin first.");
        }
        user.IsAdmin = admin;
        await db.SaveChangesAsync(ct);
        return UserRow.Of(user);
    }

    /// <summary>
    /// Grants or revokes "organizer": whether the user may create competitions when <c>Competitions:Creation</c> is
    /// <c>Granted</c> (ADR 0031). The competitions they organize already stay theirs.
    /// </summary>
    public async Task<UserRow> SetOrganizerAsync(Actor? actor, Guid userId, bool organizer, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var user = await FindAsync(userId, ct);
        user.CanCreateCompetitions = organizer;
        await db.SaveChangesAsync(ct);
        return UserRow.Of(user);
    }

    /// <summary>
    /// Disables an account: the user cannot sign in, their API tokens and open sessions are refused at the next request,
    /// and each refusal shows <paramref name="reason"/>. Their teams, submissions (queued ones too) and scores stay.
    /// An admin cannot disable themselves, nor the last enabled admin.
    /// </summary>
    public async Task<UserRow> DisableAsync(Actor? actor, Guid userId, string? reason, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > MaxReasonLength)
        {
            throw new InvalidInputException($"'reason' must be 1 to {MaxReasonLength} characters long: the user reads it when they are refused.");
        }
        var user = await FindAsync(userId, ct);
        if (user.Id == actor!.UserId)
        {
            throw new ConflictException("You cannot disable your own account: ask another admin.");
        }
        if (user.DisabledAt is { } since)
        {
            throw new ConflictException($"{user.Email} is disabled already (since {since.UtcDateTime:yyyy-MM-dd HH:mm} UTC).");
        }
        if (user.IsAdmin && await EnabledAdminsAsync(ct) == 1)
        {
            throw new ConflictException($"{user.Email} is the only enabled admin: make another user an admin first.");
        }
        user.DisabledAt = clock.GetUtcNow();
        user.DisabledReason = reason;
        await db.SaveChangesAsync(ct);
        return UserRow.Of(user);
    }

    /// <summary>Enables a disabled account again: the user signs in as before (their old tokens work again unless expired or revoked).</summary>
    public async Task<UserRow> EnableAsync(Actor? actor, Guid userId, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var user = await FindAsync(userId, ct);
        if (user.DisabledAt is null)
        {
            throw new ConflictException($"{user.Email} is not disabled.");
        }
        user.DisabledAt = null;
        user.DisabledReason = null;
        await db.SaveChangesAsync(ct);
        return UserRow.Of(user);
    }

    private async Task<User> FindAsync(Guid userId, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException($"There is no user with id {userId}.");

    private Task<int> EnabledAdminsAsync(CancellationToken ct) => db.Users.CountAsync(u => u.IsAdmin && u.DisabledAt == null, ct);

    public async Task<Operations> OperationsAsync(Actor? actor, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var now = clock.GetUtcNow();
        var open = await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Running)
            .Select(s => new
            {
                s.Id,
                Competition = s.Phase!.Track!.Competition!.Slug,
                Track = s.Phase.Track.Title,
                Phase = s.Phase.Title,
                s.Phase.Track.Kind,
                TeamName = s.Team!.Name,
                s.FileName,
                s.Status,
                s.Attempts,
                s.QueuedAt,
                s.HeartbeatAt,
            }).ToListAsync(ct);
        var monitoring = jobs.GetMonitoringApi();
        var enqueued = monitoring.Queues().ToDictionary(q => q.Name, q => q.Length);
        var queues = new[] { Queues.Cpu, Queues.Gpu }.Select(name => new QueueRow(name,
            open.Count(s => s.Status == SubmissionStatus.Queued && TrackCatalog.Get(s.Kind).Queue == name),
            open.Count(s => s.Status == SubmissionStatus.Running && TrackCatalog.Get(s.Kind).Queue == name),
            enqueued.GetValueOrDefault(name))).ToList();
        var workers = monitoring.Servers().OrderBy(s => s.Name).Select(s => new WorkerRow(s.Name, s.Queues.ToArray(), s.WorkersCount,
            new DateTimeOffset(DateTime.SpecifyKind(s.StartedAt, DateTimeKind.Utc)),
            s.Heartbeat is { } beat ? new DateTimeOffset(DateTime.SpecifyKind(beat, DateTimeKind.Utc)) : null)).ToList();
        var stuck = open.Select(s => (s, Why: Why(s.Status, s.Attempts, s.QueuedAt, s.HeartbeatAt, now)))
            .Where(x => x.Why is not null)
            .Select(x => new StuckRow(x.s.Id, x.s.Competition, x.s.Track, x.s.Phase, x.s.TeamName, x.s.FileName, x.s.Status, x.s.Attempts,
                x.s.QueuedAt, x.s.HeartbeatAt, x.Why!)).OrderBy(r => r.HeartbeatAt ?? r.QueuedAt).ToList();
        return new Operations(queues, workers, stuck, options.HeartbeatTimeout);
    }

    private string? Why(SubmissionStatus status, int attempts, DateTimeOffset? queuedAt, DateTimeOffset? heartbeatAt, DateTimeOffset now)
    {
        if (status == SubmissionStatus.Running && (heartbeatAt is null || heartbeatAt < now - options.HeartbeatTimeout))
        {
            return heartbeatAt is { } beat
                ? $"Its worker has been silent for {Minutes(now - beat)} (the timeout is {Minutes(options.HeartbeatTimeout)}): killed or lost."
                : "Running, but its worker never sent a heartbeat.";
        }
        if (status == SubmissionStatus.Queued && queuedAt is { } queued && queued < now - options.RequeueAfter)
        {
            return $"Queued for {Minutes(now - queued)} without a worker starting it: its job may be lost.";
        }
        if (attempts >= 2)
        {
            return $"Attempt {attempts} of {options.MaxAttempts}: its earlier attempts crashed or were killed.";
        }
        return null;
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";

    /// <summary>
    /// Queues a stuck submission again: a running one whose worker is silent past the heartbeat timeout goes back to the
    /// queue (the watchdog's own transition, conditional on it still being silent), a queued one gets its job enqueued
    /// again (a second job finds it claimed and does nothing). A running one whose worker is alive is refused.
    /// </summary>
    public async Task RequeueAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var s = await OpenAsync(id, ct);
        var now = clock.GetUtcNow();
        if (s.Status == SubmissionStatus.Running)
        {
            if (await db.Shards.AnyAsync(sh => sh.SubmissionId == id && sh.ScoringRun == s.ScoringRun && sh.Status != ShardStatus.Done, ct))
            {
                throw new ConflictException("Its parts are scored separately and the watchdog requeues each silent one; fail it to stop it.");
            }
            var stale = now - options.HeartbeatTimeout;
            if (!await states.RescueAsync(id, s.ScoringRun, stale, ct))
            {
                throw new ConflictException("Its worker sent a heartbeat within the timeout, or it changed meanwhile: it is not stuck.");
            }
            await states.EnqueueAsync(id, s.ScoringRun, () => queue.Enqueue(id, s.ScoringRun, s.Kind), ct);
            return;
        }
        if (!await states.EnqueueLostAsync(id, s.ScoringRun, now.AddTicks(1), () => queue.Enqueue(id, s.ScoringRun, s.Kind), ct))
        {
            throw new ConflictException("It changed meanwhile (started, cancelled or rescored).");
        }
    }

    /// <summary>Ends a stuck submission as failed by the platform: the team gets the quota back and reads why.</summary>
    public async Task FailAndRefundAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        Access.RequireAdmin(actor);
        var s = await OpenAsync(id, ct);
        if (!await states.FailAsync(id, s.ScoringRun, SubmissionStates.PlatformFault(
                "An administrator stopped scoring this submission: the platform could not finish it."), counts: false, ct))
        {
            throw new ConflictException("It changed meanwhile (finished, cancelled or rescored).");
        }
    }

    private async Task<(SubmissionStatus Status, int ScoringRun, TrackKind Kind)> OpenAsync(Guid id, CancellationToken ct)
    {
        var s = await db.Submissions.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Status, x.ScoringRun, x.Phase!.Track!.Kind }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no submission with id {id}.");
        if (s.Status is not (SubmissionStatus.Queued or SubmissionStatus.Running))
        {
            throw new ConflictException($"The submission is {s.Status.ToString().ToLowerInvariant()}: only queued or running ones can be requeued or failed.");
        }
        return (s.Status, s.ScoringRun, s.Kind);
    }
}
