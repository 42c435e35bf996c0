using System.Globalization;
using NasArena.Platform.Exports;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Storage;
using NasArena.Platform.Submissions;

namespace NasArena.Platform.Organizing;

/// <summary>What the organizers' submissions grid filters by; every field optional.</summary>
public sealed record SubmissionFilter(Guid? PhaseId = null, SubmissionStatus? Status = null, string? Team = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, FailureKind? Failure = null);

/// <summary>One row of the organizers' grid, the CSV and the zip's manifest.</summary>
public sealed record SubmissionRow(Guid Id, Guid PhaseId, string Track, string Phase, Guid TeamId, string TeamName, string FileName,
    SubmissionStatus Status, FailureKind? Failure, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, double? PublicPrimary, double? PrivatePrimary, bool IsBaseline, bool IsHidden, bool IsDisqualified,
    int Attempts, long? SizeBytes, string? Sha256);

public sealed record SubmissionPage(List<SubmissionRow> Rows, int Total);

public enum BulkAction { Rescore, Cancel, Hide, Unhide, Disqualify, Requalify, MarkBaseline, UnmarkBaseline }

public sealed record BulkFailure(Guid Id, string Reason);

public sealed record BulkResult(int Done, List<BulkFailure> Failed);

/// <summary>
/// The organizers' view of a whole competition's submissions (or one phase's): a filtered, paged listing, bulk actions,
/// the CSV of a filter and every file of a filter as one zip. Each action on a submission goes through
/// <see cref="SubmissionCommands"/>, so it is checked and guarded exactly as the REST API's own.
/// </summary>
public sealed class OrganizerSubmissions(NasArenaDb db, Access access, CompetitionService competitions, SubmissionCommands commands, IObjectStore store)
{
    public const int MaxPageSize = 200;

    public async Task<SubmissionPage> PageAsync(Actor? actor, string slug, SubmissionFilter filter, int skip, int take, CancellationToken ct)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize)
        {
            throw new InvalidInputException($"'skip' must be at least 0 and 'take' between 1 and {MaxPageSize} (got {skip} and {take}).");
        }
        var rows = await QueryAsync(actor, slug, filter, ct);
        var total = await rows.CountAsync(ct);
        var page = await Project(rows.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).Skip(skip).Take(take)).ToListAsync(ct);
        return new SubmissionPage(page.Select(Row).ToList(), total);
    }

    /// <summary>Every row of the filter, newest first, read in pages so a large competition is never held in memory at once.</summary>
    public async IAsyncEnumerable<SubmissionRow> AllAsync(Actor? actor, string slug, SubmissionFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var rows = await QueryAsync(actor, slug, filter, ct);
        for (var skip = 0; ; skip += MaxPageSize)
        {
            var page = await Project(rows.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).Skip(skip).Take(MaxPageSize)).ToListAsync(ct);
            foreach (var row in page)
            {
                yield return Row(row);
            }
            if (page.Count < MaxPageSize)
            {
                yield break;
            }
        }
    }

    public static readonly string[] CsvColumns =
    [
        "id", "track", "phase", "team", "file", "status", "failure_kind", "failure_reason", "submitted_at", "started_at", "finished_at",
        "public_primary", "private_primary", "baseline", "hidden", "disqualified", "attempts", "size_bytes", "sha256",
    ];

    /// <summary>The filter's rows as CSV (RFC 4180, UTF-8, times in UTC ISO 8601), written as they are read.</summary>
    public async Task WriteCsvAsync(Actor? actor, string slug, SubmissionFilter filter, Stream output, CancellationToken ct)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        await using (writer)
        {
            await writer.WriteLineAsync(CsvRow.Header(CsvColumns));
            await foreach (var r in AllAsync(actor, slug, filter, ct))
            {
                await writer.WriteLineAsync(CsvLine(r));
            }
        }
    }

    internal static string CsvLine(SubmissionRow r) => new CsvRow()
        .Id(r.Id).Text(r.Track).Text(r.Phase).Text(r.TeamName).Text(r.FileName).Text(r.Status.ToString().ToLowerInvariant())
        .Text(r.Failure?.ToString()).Text(r.FailureReason).Time(r.CreatedAt).Time(r.StartedAt).Time(r.FinishedAt)
        .Number(r.PublicPrimary).Number(r.PrivatePrimary).Bool(r.IsBaseline).Bool(r.IsHidden).Bool(r.IsDisqualified)
        .Integer(r.Attempts).Integer(r.SizeBytes).Text(r.Sha256).ToString();

    /// <summary>
    /// Every stored file of the filter in one zip, streamed: each entry is copied from object storage straight into the
    /// output, so neither the archive nor a file is held whole. Entries are named track/phase/team/time-id-file; the
    /// archive opens with submissions.csv, the filter's rows.
    /// </summary>
    public async Task WriteZipAsync(Actor? actor, string slug, SubmissionFilter filter, Stream output, CancellationToken ct)
    {
        var rows = new List<SubmissionRow>();
        await foreach (var r in AllAsync(actor, slug, filter, ct))
        {
            rows.Add(r);
        }
        var keys = await db.Submissions.Where(s => rows.Select(r => r.Id).Contains(s.Id) && s.Artifact != null)
            .Select(s => new { s.Id, s.Artifact!.ObjectKey }).ToDictionaryAsync(s => s.Id, s => s.ObjectKey, ct);
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        var manifest = zip.CreateEntry("submissions.csv", CompressionLevel.Fastest);
        await using (var m = await manifest.OpenAsync(ct))
        await using (var writer = new StreamWriter(m, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await writer.WriteLineAsync(CsvRow.Header(CsvColumns));
            foreach (var r in rows)
            {
                await writer.WriteLineAsync(CsvLine(r));
            }
        }
        foreach (var r in rows)
        {
            if (!keys.TryGetValue(r.Id, out var key))
            {
                continue;
            }
            var entry = zip.CreateEntry(EntryName(r), CompressionLevel.Fastest);
            entry.LastWriteTime = r.CreatedAt;
            await using var target = await entry.OpenAsync(ct);
            await using var source = await store.OpenReadAsync(key, ct);
            await source.CopyToAsync(target, ct);
        }
    }

    public static string EntryName(SubmissionRow r) =>
        $"{Segment(r.Track)}/{Segment(r.Phase)}/{Segment(r.TeamName)}/{r.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{r.Id.ToString("N")[..8]}-{Segment(r.FileName)}";

    /// <summary>
    /// One action on many submissions, each through the same command as the REST API's single one (and so with the same
    /// checks). One that fails (cancelled already, finished, not of this competition) is reported and the rest go on.
    /// </summary>
    public async Task<BulkResult> BulkAsync(Actor? actor, string slug, BulkAction action, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        if (ids.Count is 0 or > 1000)
        {
            throw new InvalidInputException($"Send between 1 and 1000 submission ids (got {ids.Count}).");
        }
        var ours = (await db.Submissions.Where(s => ids.Contains(s.Id) && s.Phase!.Track!.CompetitionId == competition.Id)
            .Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        var done = 0;
        var failed = new List<BulkFailure>();
        foreach (var id in ids.Distinct())
        {
            if (!ours.Contains(id))
            {
                failed.Add(new BulkFailure(id, $"There is no submission with id {id} in '{slug}'."));
                continue;
            }
            try
            {
                db.ChangeTracker.Clear();
                await (action switch
                {
                    BulkAction.Rescore => commands.RescoreAsync(actor, id, ct),
                    BulkAction.Cancel => commands.CancelAsync(actor, id, ct),
                    BulkAction.Hide => commands.SetFlagsAsync(actor, id, new(true, null, null), ct),
                    BulkAction.Unhide => commands.SetFlagsAsync(actor, id, new(false, null, null), ct),
                    BulkAction.Disqualify => commands.SetFlagsAsync(actor, id, new(null, true, null), ct),
                    BulkAction.Requalify => commands.SetFlagsAsync(actor, id, new(null, false, null), ct),
                    BulkAction.MarkBaseline => commands.SetFlagsAsync(actor, id, new(null, null, true), ct),
                    _ => commands.SetFlagsAsync(actor, id, new(null, null, false), ct),
                });
                done++;
            }
            catch (DomainException e) when (e is ConflictException or InvalidInputException or NotFoundException)
            {
                failed.Add(new BulkFailure(id, e.Message));
            }
        }
        return new BulkResult(done, failed);
    }

    /// <summary>
    /// The phase-wide rescore, for callers who confirm by typing the phase's title or slug (the browser asks for it: a
    /// rerun of everything must not be one stray click).
    /// </summary>
    public async Task<int> RescorePhaseAsync(Actor? actor, Guid phaseId, string confirmation, CancellationToken ct)
    {
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var typed = confirmation.Trim();
        if (typed != phase.Title && typed != phase.Slug)
        {
            throw new InvalidInputException($"Type the phase's name, '{phase.Title}', to rescore all its submissions.");
        }
        return await commands.RescorePhaseAsync(actor, phaseId, ct);
    }

    private async Task<IQueryable<Submission>> QueryAsync(Actor? actor, string slug, SubmissionFilter filter, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        if (filter.From is { } from && filter.To is { } to && to < from)
        {
            throw new InvalidInputException($"'to' ({to:u}) is before 'from' ({from:u}).");
        }
        // Debug runs are the participants' own trials on the debug split: not in the grid, its CSV nor its zip (ADR 0044).
        var rows = db.Submissions.AsNoTracking()
            .Where(s => s.Status != SubmissionStatus.Uploading && !s.IsDebug && s.Phase!.Track!.CompetitionId == competition.Id);
        if (filter.PhaseId is { } phaseId)
        {
            rows = rows.Where(s => s.PhaseId == phaseId);
        }
        if (filter.Status is { } status)
        {
            rows = rows.Where(s => s.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Team))
        {
            var team = filter.Team.Trim().ToLower();
            rows = rows.Where(s => s.Team!.Name.ToLower().Contains(team));
        }
        if (filter.From is { } start)
        {
            rows = rows.Where(s => s.CreatedAt >= start);
        }
        if (filter.To is { } end)
        {
            rows = rows.Where(s => s.CreatedAt < end);
        }
        if (filter.Failure is { } kind)
        {
            rows = FailureKinds.Where(rows, kind);
        }
        return rows;
    }

    private sealed record Raw(Guid Id, Guid PhaseId, string Track, string Phase, Guid TeamId, string TeamName, string FileName,
        SubmissionStatus Status, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        double? PublicPrimary, double? PrivatePrimary, bool IsBaseline, bool IsHidden, bool IsDisqualified, int Attempts, long? SizeBytes, string? Sha256);

    private static IQueryable<Raw> Project(IQueryable<Submission> rows) => rows.Select(s => new Raw(s.Id, s.PhaseId, s.Phase!.Track!.Title,
        s.Phase.Title, s.TeamId, s.Team!.Name, s.FileName, s.Status, s.FailureReason, s.CreatedAt, s.StartedAt, s.FinishedAt,
        s.Score == null ? null : s.Score.PublicPrimary, s.Score == null ? null : s.Score.PrivatePrimary, s.IsBaseline, s.IsHidden,
        s.IsDisqualified, s.Attempts, s.Artifact == null ? null : s.Artifact.SizeBytes, s.Artifact == null ? null : s.Artifact.Sha256));

    private static SubmissionRow Row(Raw r) => new(r.Id, r.PhaseId, r.Track, r.Phase, r.TeamId, r.TeamName, r.FileName, r.Status,
        FailureKinds.Of(r.Status, r.FailureReason), r.FailureReason, r.CreatedAt, r.StartedAt, r.FinishedAt, r.PublicPrimary,
        r.PrivatePrimary, r.IsBaseline, r.IsHidden, r.IsDisqualified, r.Attempts, r.SizeBytes, r.Sha256);

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";

    private static string Number(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>A path segment safe in any unzip tool: no separators, no dots alone, nothing unprintable.</summary>
    private static string Segment(string name)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ' ' ? c : '_').ToArray()).Trim(' ', '.');
        return safe.Length == 0 ? "_" : safe;
    }
}
