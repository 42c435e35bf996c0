using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Pages.Public;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Participant;

public sealed partial class SubmitPanel : PlatformComponent
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public bool SignedIn { get; set; }
    [Parameter] public DateTimeOffset Now { get; set; }
    [Inject] private IJSRuntime JS { get; set; } = default!;

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
    private bool _uploading;
    private string? _uploadId;
    private Progress? _progress;
    private string? _error;
    private Accepted? _submitted;
    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<SubmitPanel>? _self;
    private bool _watching;

    private (Track Track, Phase Phase)? Selected => _open.FirstOrDefault(o => o.Phase.Id == _phaseId) is { Phase: not null } s ? s : null;

    private string Accept => Selected is var (track, _) && SubmissionFiles.Extensions(track.Kind) is { } extensions ? string.Join(",", extensions) : "";

    /// <summary>The phase takes debug runs (ADR 0044): the panel offers the choice.</summary>
    private bool OffersDebug => Selected is var (_, phase) && phase.DebugDailyLimit is not null;

    private async Task DebugChangedAsync(bool debug)
    {
        _debug = debug;
        await PhaseChangedAsync(_phaseId);
    }

    private bool CanSubmit => !_uploading && _fileName is not null && _fileProblem is null && _refusal is null;

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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The file input exists only once a phase is open to this user; watch it as soon as it is rendered.
        if (!_watching && _open.Count > 0 && SignedIn && _input.Context is not null)
        {
            _watching = true;
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/submit.js");
            _self ??= DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("watch", _input, _self);
        }
    }

    [JSInvokable]
    public Task OnFileChosen(string? name, long size) => InvokeAsync(() =>
    {
        (_fileName, _fileSize, _error, _submitted, _progress) = (name, size, null, null, null);
        CheckFile();
        StateHasChanged();
    });

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
            _fileProblem = $"'{_fileName}' is {CompetitionPage.Bytes(_fileSize)}; this track takes at most {CompetitionPage.Bytes(track.MaxSubmissionBytes)}. Nothing was sent.";
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
        if (!CanSubmit || _module is null || _self is null)
        {
            return;
        }
        (_uploading, _error, _submitted, _progress, _uploadId) = (true, null, null, null, null);
        try
        {
            await _module.InvokeAsync<bool>("start", TimeSpan.FromHours(12), _input, _phaseId.ToString(), _self, _description ?? "", _debug);
        }
        finally
        {
            _uploading = false;
        }
        await PhaseChangedAsyncKeepingOutcome();
    }

    /// <summary>The quota after a submission, without clearing what the upload's outcome shows.</summary>
    private async Task PhaseChangedAsyncKeepingOutcome()
    {
        var (error, submitted) = (_error, _submitted);
        await PhaseChangedAsync(_phaseId);
        (_error, _submitted) = (error, submitted);
    }

    private async Task CancelAsync()
    {
        if (_module is not null && _uploadId is not null)
        {
            await _module.InvokeVoidAsync("stop", _uploadId);
        }
    }

    [JSInvokable]
    public Task OnUploadStarted(JsonElement info) => InvokeAsync(() =>
    {
        _uploadId = info.GetProperty("uploadId").GetString();
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(JsonElement progress) => InvokeAsync(() =>
    {
        _progress = new Progress(progress.GetProperty("bytesSent").GetInt64(), progress.GetProperty("totalBytes").GetInt64(),
            Number(progress, "bytesPerSecond"), Number(progress, "secondsLeft"), progress.TryGetProperty("retries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadCompleted(JsonElement submission) => InvokeAsync(() =>
    {
        _submitted = new Accepted(submission.GetProperty("id").GetString()!, submission.GetProperty("fileName").GetString()!,
            submission.GetProperty("status").GetString()!);
        if (_progress is { } p)
        {
            _progress = p with { Sent = p.Total, SecondsLeft = 0 };
        }
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadFailed(JsonElement error) => InvokeAsync(() =>
    {
        var detail = error.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var title = error.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        _error = "Not submitted: " + (detail ?? title ?? "the upload failed.");
        StateHasChanged();
    });

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private string ProgressText()
    {
        if (_progress is not { } p)
        {
            return "Starting the upload…";
        }
        var text = $"{CompetitionPage.Bytes(p.Sent)} of {CompetitionPage.Bytes(p.Total)} ({100 * p.Fraction:0}%)";
        if (p.BytesPerSecond is { } speed && speed > 0)
        {
            text += $" · {CompetitionPage.Bytes((long)speed)}/s";
        }
        if (p.SecondsLeft is { } left && p.Sent < p.Total)
        {
            text += " · " + (left >= 90 ? $"{left / 60:0} min left" : $"{left:0} s left");
        }
        if (p.Retries > 0)
        {
            text += $" · resumed after {p.Retries} interruption(s)";
        }
        return text;
    }

    private string ClosedText()
    {
        var next = Competition.Tracks.SelectMany(t => t.Phases).Where(p => p.StartsAt > Now).OrderBy(p => p.StartsAt).FirstOrDefault();
        return next is null
            ? "Submissions are closed: every phase of this competition has ended."
            : $"Submissions are closed: the next phase ({next.Title}) opens on {When.Utc(next.StartsAt)}.";
    }

    public static string AcceptText(TrackKind kind) => TrackCatalog.Get(kind).Files.Text;

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone: so is the module.
            }
        }
        _self?.Dispose();
    }

    private sealed record Progress(long Sent, long Total, double? BytesPerSecond, double? SecondsLeft, int Retries)
    {
        public double Fraction => Total == 0 ? 0 : (double)Sent / Total;
    }

    private sealed record Accepted(string Id, string FileName, string Status);
}
