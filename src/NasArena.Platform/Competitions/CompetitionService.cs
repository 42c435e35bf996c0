using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Teams;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Competitions;

/// <summary>Organizers' set-up of competitions, tracks and phases, and participants' registrations.</summary>
public sealed partial class CompetitionService(NasArenaDb db, Access access, TimeProvider clock, SandboxCeilings ceilings, CompetitionOptions options)
{
    public const long MaxTrackUploadBytes = 50L * 1024 * 1024 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();

    private static void CheckSlug(string? slug, string what)
    {
        if (slug is null || !SlugPattern().IsMatch(slug))
        {
            throw new InvalidInputException($"'{what}' must be 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit (got '{slug}').");
        }
    }

    private static void CheckTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 200)
        {
            throw new InvalidInputException("'title' must be 1 to 200 characters long.");
        }
    }

    /// <summary>Every published competition with its tracks and phases (no assets), newest first: the home page's list.</summary>
    public Task<List<Competition>> ListAsync(CancellationToken ct) =>
        db.Competitions.AsNoTracking().Include(c => c.Tracks).ThenInclude(t => t.Phases).AsSplitQuery()
            .Where(c => c.PublishedAt != null).OrderByDescending(c => c.CreatedAt).ToListAsync(ct);

    /// <summary>The competitions the caller organizes (an admin: all of them), drafts included, newest first.</summary>
    public async Task<List<Competition>> OrganizedByAsync(Actor? actor, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var query = db.Competitions.AsNoTracking().Include(c => c.Tracks).ThenInclude(t => t.Phases).AsSplitQuery();
        if (!user.IsAdmin)
        {
            query = query.Where(c => c.Organizers.Any(o => o.UserId == user.UserId));
        }
        return await query.OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
    }

    /// <summary>A competition as its organizers' editor needs it (tracks, phases, assets, organizers' accounts), or 403/404.</summary>
    public async Task<Competition> ForOrganizerAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        await db.Entry(competition).Collection(c => c.Organizers).Query().Include(o => o.User).LoadAsync(ct);
        return competition;
    }

    /// <summary>The pre-publish check of a competition the caller organizes (<see cref="PublishCheck"/>).</summary>
    public async Task<List<PublishItem>> CheckAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await ForOrganizerAsync(actor, slug, ct);
        return await CheckAsync(competition, ct);
    }

    private async Task<List<PublishItem>> CheckAsync(Competition competition, CancellationToken ct)
    {
        var phaseIds = competition.Tracks.SelectMany(t => t.Phases).Select(p => p.Id).ToList();
        var baselines = (await db.Submissions.Where(s => phaseIds.Contains(s.PhaseId) && s.IsBaseline && s.Status == SubmissionStatus.Scored)
            .Select(s => s.PhaseId).Distinct().ToListAsync(ct)).ToHashSet();
        return PublishCheck.Run(competition, baselines, competition.Organizers.Count);
    }

    /// <summary>Publishes a draft when the pre-publish check finds nothing blocking; otherwise says what blocks it. Publishing twice is harmless.</summary>
    public async Task<Competition> PublishAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await ForOrganizerAsync(actor, slug, ct);
        if (!competition.IsDraft)
        {
            return competition;
        }
        var blocking = (await CheckAsync(competition, ct)).Where(i => i.Blocks).ToList();
        if (blocking.Count > 0)
        {
            throw new InvalidInputException($"'{slug}' cannot be published yet: " + string.Join(" ", blocking.Select(b => b.Text)));
        }
        competition.PublishedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return competition;
    }

    /// <summary>A competition with its tracks, phases and assets; 404 when there is none or it is a draft the caller may not see.</summary>
    public async Task<Competition> BySlugAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await db.Competitions.Include(c => c.Tracks).ThenInclude(t => t.Phases).ThenInclude(p => p.Assets).ThenInclude(a => a.Artifact)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Slug == slug, ct)
            ?? throw new NotFoundException($"There is no competition '{slug}'.");
        await access.RequireVisibleAsync(actor, competition, $"There is no competition '{slug}'.", ct);
        return competition;
    }

    /// <summary>Whether the caller may create competitions: admins always; others as <see cref="CompetitionOptions.Creation"/> says.</summary>
    public async Task<bool> MayCreateAsync(Actor? actor, CancellationToken ct) => actor is not null && (actor.IsAdmin || options.AnyoneMayCreate ||
        await db.Users.AnyAsync(u => u.Id == actor.UserId && u.CanCreateCompetitions, ct));

    /// <summary>
    /// A new competition, always a draft (issue 23, ADR 0031): the REST API and the browser's editor create it the same
    /// way, and it reaches participants only through <see cref="PublishAsync"/> and its pre-publish check.
    /// </summary>
    public async Task<Competition> CreateAsync(Actor? actor, CompetitionInput input, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        if (!await MayCreateAsync(user, ct))
        {
            throw new ForbiddenException("Creating competitions is for organizers on this platform: ask an administrator to make you an organizer.");
        }
        if (input.Draft == false)
        {
            throw new InvalidInputException("'draft' cannot be false: a competition is created as a draft and published with " +
                $"POST /api/v1/competitions/{input.Slug}/publish once its pre-publish check (GET .../publish-check) finds nothing blocking.");
        }
        CheckSlug(input.Slug, "slug");
        CheckTitle(input.Title);
        if (await db.Competitions.AnyAsync(c => c.Slug == input.Slug, ct))
        {
            throw new ConflictException($"A competition with the slug '{input.Slug}' exists already.");
        }
        var competition = new Competition
        {
            Slug = input.Slug,
            Title = input.Title.Trim(),
            Description = input.Description ?? "",
            Rules = input.Rules ?? "",
            RequiresApproval = input.RequiresApproval,
            CreatedAt = clock.GetUtcNow(),
            PublishedAt = null,
        };
        competition.Organizers.Add(new CompetitionOrganizer { UserId = user.UserId });
        db.Competitions.Add(competition);
        await db.SaveChangesAsync(ct);
        return competition;
    }

    public async Task<Competition> UpdateAsync(Actor? actor, string slug, CompetitionInput input, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        CheckTitle(input.Title);
        competition.Title = input.Title.Trim();
        competition.Description = input.Description ?? competition.Description;
        competition.Rules = input.Rules ?? competition.Rules;
        competition.RequiresApproval = input.RequiresApproval;
        await db.SaveChangesAsync(ct);
        return competition;
    }

    private string CheckSettings(JsonElement? settings, TrackKind kind)
    {
        if (settings is null || settings.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return "{}";
        }
        if (settings.Value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"'settings' must be a JSON object, not {settings.Value.ValueKind}.");
        }
        if (PhaseSettings.Problem(settings.Value) is { } problem) throw new InvalidInputException(problem);
        var descriptor = TrackCatalog.Get(kind);
        if (descriptor.Settings.ProblemsWithPhases(settings.Value).FirstOrDefault() is { } invalid) throw new InvalidInputException(invalid);
        if (descriptor.SandboxCeilingsApply) CheckSandboxCeilings(settings.Value);
        return settings.Value.GetRawText();
    }

    /// <summary>Anyone who signs up can organize: the sandbox values the worker will run stay under the operator's ceilings (ADR 0033).</summary>
    private void CheckSandboxCeilings(JsonElement settings)
    {
        var problems = ceilings.Problems(settings);
        if (settings.TryGetProperty(PhaseSettings.Key, out var phases))
            problems = problems.Concat(phases.EnumerateObject().SelectMany(p => ceilings.Problems(p.Value, $"{PhaseSettings.Key}.{p.Name}.")));
        if (problems.FirstOrDefault() is { } first) throw new InvalidInputException(first);
    }

    private static long CheckMaxBytes(long? value, long fallback) => value switch
    {
        null => fallback,
        < 1 or > MaxTrackUploadBytes => throw new InvalidInputException($"'maxSubmissionBytes' must be between 1 and {MaxTrackUploadBytes}."),
        _ => value.Value,
    };

    public async Task<Track> CreateTrackAsync(Actor? actor, string slug, TrackInput input, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        CheckSlug(input.Slug, "slug");
        CheckTitle(input.Title);
        if (!Enum.IsDefined(input.Kind))
        {
            throw new InvalidInputException($"'kind' must be one of: {TrackCatalog.Names}.");
        }
        if (competition.Tracks.Any(t => t.Slug == input.Slug))
        {
            throw new ConflictException($"The competition has a track '{input.Slug}' already.");
        }
        var track = new Track
        {
            CompetitionId = competition.Id,
            Slug = input.Slug,
            Title = input.Title.Trim(),
            Kind = input.Kind,
            SettingsJson = CheckSettings(input.Settings, input.Kind),
            MaxSubmissionBytes = CheckMaxBytes(input.MaxSubmissionBytes, TrackCatalog.Get(input.Kind).Files.DefaultMaxBytes),
        };
        db.Tracks.Add(track);
        await db.SaveChangesAsync(ct);
        return track;
    }

    public async Task<Track> UpdateTrackAsync(Actor? actor, string slug, string trackSlug, TrackInput input, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var track = competition.Tracks.SingleOrDefault(t => t.Slug == trackSlug)
            ?? throw new NotFoundException($"The competition has no track '{trackSlug}'.");
        CheckTitle(input.Title);
        if (input.Kind != track.Kind)
        {
            throw new InvalidInputException("A track's kind cannot change; create another track.");
        }
        track.Title = input.Title.Trim();
        track.SettingsJson = input.Settings is null ? track.SettingsJson : CheckSettings(input.Settings, track.Kind);
        track.MaxSubmissionBytes = CheckMaxBytes(input.MaxSubmissionBytes, track.MaxSubmissionBytes);
        await db.SaveChangesAsync(ct);
        return track;
    }

    /// <summary>What is wrong with a phase's tie level (null: nothing; absent keeps the default): the API and the editor's form say the same.</summary>
    public static string? TieLevelProblem(double? level) => level is { } l && !(l >= 0.5 && l < 1)
        ? $"'tieLevel' is the share of paired resamples an entry must win to be told apart: at least 0.5 and below 1 (got {l.ToString(System.Globalization.CultureInfo.InvariantCulture)})."
        : null;

    private static (string Metric, bool HigherIsBetter) CheckPhase(TrackKind kind, PhaseInput input)
    {
        CheckTitle(input.Title);
        if (input.EndsAt <= input.StartsAt)
        {
            throw new InvalidInputException($"'endsAt' ({input.EndsAt:O}) must be after 'startsAt' ({input.StartsAt:O}).");
        }
        if (input.DailyLimit is < 1 || input.TotalLimit is < 1)
        {
            throw new InvalidInputException("'dailyLimit' and 'totalLimit' must be at least 1 (or absent for no limit).");
        }
        if (TieLevelProblem(input.TieLevel) is { } problem)
        {
            throw new InvalidInputException(problem);
        }
        var metrics = TrackCatalog.Get(kind).Metrics;
        if (!metrics.TryGetValue(input.PrimaryMetric ?? "", out var higher))
        {
            throw new InvalidInputException($"'primaryMetric' must be one of {string.Join(", ", metrics.Keys)} for a {kind} track (got '{input.PrimaryMetric}').");
        }
        return (input.PrimaryMetric!, input.HigherIsBetter ?? higher);
    }

    public async Task<Phase> CreatePhaseAsync(Actor? actor, string slug, string trackSlug, PhaseInput input, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var track = competition.Tracks.SingleOrDefault(t => t.Slug == trackSlug)
            ?? throw new NotFoundException($"The competition has no track '{trackSlug}'.");
        CheckSlug(input.Slug, "slug");
        var (metric, higher) = CheckPhase(track.Kind, input);
        if (track.Phases.Any(p => p.Slug == input.Slug))
        {
            throw new ConflictException($"The track has a phase '{input.Slug}' already.");
        }
        var phase = new Phase
        {
            TrackId = track.Id,
            Slug = input.Slug,
            Title = input.Title.Trim(),
            StartsAt = input.StartsAt.ToUniversalTime(),
            EndsAt = input.EndsAt.ToUniversalTime(),
            DailyLimit = input.DailyLimit,
            TotalLimit = input.TotalLimit,
            PrimaryMetric = metric,
            HigherIsBetter = higher,
            HideLogs = input.HideLogs ?? false,
            ShowUncertainty = input.ShowUncertainty ?? true,
            TieLevel = input.TieLevel ?? 0.95,
        };
        db.Phases.Add(phase);
        await db.SaveChangesAsync(ct);
        return phase;
    }

    public async Task<Phase> UpdatePhaseAsync(Actor? actor, Guid phaseId, PhaseInput input, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var (metric, higher) = CheckPhase(phase.Track.Kind, input);
        phase.Title = input.Title.Trim();
        phase.StartsAt = input.StartsAt.ToUniversalTime();
        phase.EndsAt = input.EndsAt.ToUniversalTime();
        phase.DailyLimit = input.DailyLimit;
        phase.TotalLimit = input.TotalLimit;
        phase.PrimaryMetric = metric;
        phase.HigherIsBetter = higher;
        phase.HideLogs = input.HideLogs ?? phase.HideLogs;
        phase.ShowUncertainty = input.ShowUncertainty ?? phase.ShowUncertainty;
        phase.TieLevel = input.TieLevel ?? phase.TieLevel;
        await db.SaveChangesAsync(ct);
        // A new primary metric changes every stored primary value: recompute them from the stored metrics.
        await ScoreRecords.RefreshPrimaryAsync(db, phase, ct);
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
        return phase;
    }

    public async Task PublishPrivateAsync(Actor? actor, Guid phaseId, bool published, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        phase.PrivatePublished = published;
        await db.SaveChangesAsync(ct);
        await BoardVersions.BumpPhaseAsync(db, phase.Id, ct);
    }

    public async Task<Registration> RegisterAsync(Actor? actor, string slug, RegistrationInput input, CancellationToken ct)
    {
        var user = await access.RequireVerifiedAsync(actor, "register for a competition or join a team", ct);
        var competition = await BySlugAsync(actor, slug, ct);
        if (!input.AcceptRules)
        {
            throw new InvalidInputException("Registering means accepting the competition's rules: send \"acceptRules\": true.");
        }
        if (competition.IsDraft)
        {
            throw new ForbiddenException($"'{slug}' is not published yet: its organizers are still setting it up.");
        }
        if (await access.RegistrationOfAsync(user.UserId, competition.Id, ct) is { } existing)
        {
            throw new ConflictException($"You are registered for '{slug}' already, in team '{existing.Team!.Name}'.");
        }
        Team team;
        if (!string.IsNullOrWhiteSpace(input.JoinCode))
        {
            // The organizers' team has a join code only because the column needs one: nobody joins it.
            team = await db.Teams.SingleOrDefaultAsync(t => t.JoinCode == input.JoinCode && t.CompetitionId == competition.Id && !t.IsOrganizers, ct)
                ?? throw new NotFoundException($"No team of '{slug}' has the join code '{input.JoinCode}'.");
        }
        else
        {
            var owner = await db.Users.SingleAsync(u => u.Id == user.UserId, ct);
            var name = TeamNames.Check(string.IsNullOrWhiteSpace(input.TeamName) ? owner.DisplayName : input.TeamName);
            if (await db.Teams.AnyAsync(t => t.CompetitionId == competition.Id && t.Name == name, ct))
            {
                throw new ConflictException($"A team named '{name}' exists in '{slug}' already: choose another name or join it with its join code.");
            }
            team = new Team { CompetitionId = competition.Id, Name = name, JoinCode = Secrets.NewJoinCode(), CreatedAt = clock.GetUtcNow() };
            db.Teams.Add(team);
        }
        var registration = new Registration
        {
            CompetitionId = competition.Id,
            UserId = user.UserId,
            Team = team,
            TeamId = team.Id,
            Status = competition.RequiresApproval ? RegistrationStatus.Pending : RegistrationStatus.Approved,
            RulesAcceptedAt = clock.GetUtcNow(),
        };
        db.Registrations.Add(registration);
        await db.SaveChangesAsync(ct);
        return registration;
    }

    /// <summary>Approves or refuses a registration; a refusal may carry a reason (at most 1,000 characters) the participant reads.</summary>
    public async Task<Registration> DecideRegistrationAsync(Actor? actor, string slug, Guid registrationId, bool approve, string? reason,
        CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > 1000 })
        {
            throw new InvalidInputException($"'reason' must be at most 1000 characters long (got {reason.Length}).");
        }
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var registration = await db.Registrations.Include(r => r.Team).Include(r => r.User)
            .SingleOrDefaultAsync(r => r.Id == registrationId && r.CompetitionId == competition.Id, ct)
            ?? throw new NotFoundException($"'{slug}' has no registration with id {registrationId}.");
        registration.Status = approve ? RegistrationStatus.Approved : RegistrationStatus.Rejected;
        registration.DecisionReason = approve ? null : reason;
        await db.SaveChangesAsync(ct);
        return registration;
    }

    public async Task<List<Registration>> RegistrationsAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        return await db.Registrations.Include(r => r.Team).Include(r => r.User)
            .Where(r => r.CompetitionId == competition.Id).OrderBy(r => r.RulesAcceptedAt).ToListAsync(ct);
    }
}
