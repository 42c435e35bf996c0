using System.Text.Json;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Uploads;

namespace NasArena.Web.Components.Pages.Participant;

public sealed partial class SubmitPanel : PlatformComponent
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public bool SignedIn { get; set; }
    [Parameter] public DateTimeOffset Now { get; set; }

    private List<(Track Track, Phase Phase)> _open = [];
    private Guid _phaseId;
    private string? _quota;
    private string? _rule;
    private string? _refusal;
    private string? _fileName;
    private long _fileSize;
    private string? _fileProblem;
    private string? _description;
    private bool _debug;
    private string? _error;
    private Accepted? _submitted;
    private ResumableUpload? _upload;

    private (Track Track, Phase Phase)? Selected => _open.FirstOrDefault(o => o.Phase.Id == _phaseId) is { Phase: not null } s ? s : null;

    private string Accept => Selected is var (track, _) && SubmissionFiles.Extensions(track.Kind) is { } extensions ? string.Join(",", extensions) : "";

    /// <summary>The phase takes debug runs (ADR 0044): the panel offers the choice.</summary>
    private bool OffersDebug => Selected is var (_, phase) && phase.DebugDailyLimit is not null;

    private async Task DebugChangedAsync(bool debug)
    {
        _debug = debug;
        await PhaseChangedAsync(_phaseId);
    }

    private bool CanSubmit => !Busy && _fileName is not null && _fileProblem is null && _refusal is null;

    protected override async Task OnParametersSetAsync()
    {
        _open = Competition.Tracks.OrderBy(t => t.Slug)
            .Select(t => (Track: t, Phase: TrackStanding.Of(t, Now).Open))
            .Where(x => x.Phase is not null)
            .Select(x => (x.Track, x.Phase!))
            .ToList();
        if (SignedIn && _open.Count > 0 && _open.All(o => o.Phase.Id != _phaseId))
        {
            await PhaseChangedAsync(_open[0].Phase.Id);
        }
    }

    private async Task PhaseChangedAsync(Guid phaseId)
    {
        _debug &= _phaseId == phaseId;
        _phaseId = phaseId;
        (_quota, _rule, _refusal, _error, _submitted) = (null, null, null, null, null);
        var actor = await ActorAsync();
        try
        {
            var quota = await UseAsync<SubmissionService, QuotaLeft>(s => _debug
                ? s.DebugQuotaAsync(actor, phaseId, CancellationToken.None)
                : s.QuotaAsync(actor, phaseId, CancellationToken.None));
            _quota = quota.Summary[..1].ToUpperInvariant() + quota.Summary[1..] + ".";
            _rule = quota.Rule;
            try
            {
                quota.RefuseWhenSpent();
            }
            catch (QuotaExceededException e)
            {
                _refusal = e.Message;
            }
        }
        catch (DomainException e) when (e is ForbiddenException or InvalidInputException or PhaseNotReadyException)
        {
            // Not registered, awaiting approval or declined; for a debug run, none allowed or no debug split: the service's own words.
            _refusal = e.Message;
        }
        CheckFile();
    }

    private void FileChosen(ChosenFile? file)
    {
        (_fileName, _fileSize, _error, _submitted) = (file?.Name, file?.Size ?? 0, null, null);
        CheckFile();
    }

    /// <summary>The size and kind checks the server makes when an upload starts, made here first so nothing is sent in vain.</summary>
    private void CheckFile()
    {
        _fileProblem = null;
        if (_fileName is null || Selected is not var (track, _))
        {
            return;
        }
        if (_fileSize <= 0)
        {
            _fileProblem = $"'{_fileName}' is empty.";
        }
        else if (_fileSize > track.MaxSubmissionBytes)
        {
            _fileProblem = $"'{_fileName}' is {Format.Bytes(_fileSize)}; this track takes at most {Format.Bytes(track.MaxSubmissionBytes)}. Nothing was sent.";
        }
        else
        {
            try
            {
                SubmissionFiles.CheckName(track.Kind, _fileName);
            }
            catch (InvalidFileException e)
            {
                _fileProblem = e.Message + " Nothing was sent.";
            }
        }
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit || _upload is null)
        {
            return;
        }
        (_error, _submitted) = (null, null);
        await RunAsync(() => _upload.StartAsync(_phaseId, new { description = _description ?? "", debug = _debug }), Failed);
        await PhaseChangedAsyncKeepingOutcome();
    }

    /// <summary>The quota after a submission, without clearing what the upload's outcome shows.</summary>
    private async Task PhaseChangedAsyncKeepingOutcome()
    {
        var (error, submitted) = (_error, _submitted);
        await PhaseChangedAsync(_phaseId);
        (_error, _submitted) = (error, submitted);
    }

    private void Completed(JsonElement submission) =>
        _submitted = new Accepted(submission.GetProperty("id").GetString()!, submission.GetProperty("fileName").GetString()!,
            submission.GetProperty("status").GetString()!);

    private void Failed(string reason) => _error = "Not submitted: " + reason;

    private string ClosedText()
    {
        var next = Competition.Tracks.SelectMany(t => t.Phases).Where(p => p.StartsAt > Now).OrderBy(p => p.StartsAt).FirstOrDefault();
        return next is null
            ? "Submissions are closed: every phase of this competition has ended."
            : $"Submissions are closed: the next phase ({next.Title}) opens on {When.Utc(next.StartsAt)}.";
    }

    public static string AcceptText(TrackKind kind) => TrackCatalog.Get(kind).Files.Text;

    private sealed record Accepted(string Id, string FileName, string Status);
}
