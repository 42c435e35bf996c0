using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Web.Components.Pages.Public;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class AssetsTab : PlatformComponent
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private List<(Track Track, Phase Phase)> _phases = [];
    private Guid _phaseId;
    private bool _public;
    private string? _kind;
    private string? _name;
    private string? _fileName;
    private bool _uploading;
    private string? _uploadId;
    private Progress? _progress;
    private string? _error;
    private string? _done;
    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<AssetsTab>? _self;
    private bool _watching;
    private Timer? _poll;

    private Track? SelectedTrack => _phases.FirstOrDefault(p => p.Phase.Id == _phaseId).Track;

    private IReadOnlyList<string> HiddenKinds => SelectedTrack is { } t ? TrackCatalog.Get(t.Kind).HiddenAssetKinds : [];

    private bool CanUpload => !_uploading && _fileName is not null && !string.IsNullOrWhiteSpace(_kind) && _phaseId != Guid.Empty;

    /// <summary>Tracks whose kind takes a latency table get the platform's calibration button (the descriptor decides).</summary>
    public static bool TakesLatencyTable(Track track) =>
        TrackCatalog.Get(track.Kind).HiddenAssetKinds.Contains(Platform.Assets.Latency.CalibrateLatencyJob.LatencyKind);

    public static string QueueOf(Track track) => TrackCatalog.Get(track.Kind).Queue;

    public static IReadOnlyList<string> Required(Track track, Phase phase)
    {
        using var settings = JsonDocument.Parse(Scoring.Contract.PhaseSettings.Merge(track.SettingsJson, phase.Slug));
        return TrackCatalog.Get(track.Kind).RequiredAssets(settings.RootElement);
    }

    public static string ValidationText(PhaseAsset asset) => asset.IsPublic ? "public" : asset.Validation.ToString().ToLowerInvariant();

    protected override void OnParametersSet()
    {
        _phases = Competition.Tracks.OrderBy(t => t.Slug).SelectMany(t => t.Phases.OrderBy(p => p.StartsAt).Select(p => (t, p))).ToList();
        if (_phases.Count > 0 && _phases.All(p => p.Phase.Id != _phaseId))
        {
            PhaseChanged(_phases[0].Phase.Id);
        }
        // A worker is checking a file: look again every few seconds until it has said valid or invalid.
        var pending = _phases.Any(p => p.Phase.Assets.Any(a => a.Validation == AssetValidation.Pending));
        if (pending && _poll is null)
        {
            _poll = new Timer(_ => InvokeAsync(() => Changed.InvokeAsync()), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        }
        else if (!pending && _poll is not null)
        {
            _poll.Dispose();
            _poll = null;
        }
    }

    private void PhaseChanged(Guid phaseId)
    {
        _phaseId = phaseId;
        if (!_public)
        {
            _kind = HiddenKinds.FirstOrDefault();
        }
    }

    private void PublicChanged(bool isPublic)
    {
        _public = isPublic;
        _kind = isPublic ? "training-data" : HiddenKinds.FirstOrDefault();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_watching && _input.Context is not null)
        {
            _watching = true;
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/asset-upload.js");
            _self ??= DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("watch", _input, _self);
        }
    }

    [JSInvokable]
    public Task OnFileChosen(string? name, long size) => InvokeAsync(() =>
    {
        (_fileName, _error, _done, _progress) = (name, null, null, null);
        StateHasChanged();
    });

    private async Task UploadAsync()
    {
        if (!CanUpload || _module is null || _self is null)
        {
            return;
        }
        (_uploading, _error, _done, _progress, _uploadId) = (true, null, null, null, null);
        try
        {
            var asset = new { kind = _kind!.Trim(), name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(), @public = _public };
            await _module.InvokeAsync<bool>("start", TimeSpan.FromHours(12), _input, _phaseId.ToString(), _self, asset);
        }
        finally
        {
            _uploading = false;
        }
        await Changed.InvokeAsync();
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
        _progress = new Progress(progress.GetProperty("bytesSent").GetInt64(), progress.GetProperty("totalBytes").GetInt64());
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadCompleted(JsonElement asset) => InvokeAsync(() =>
    {
        var validation = asset.TryGetProperty("validation", out var v) ? v.ToString() : "Valid";
        _done = $"Stored: {asset.GetProperty("fileName").GetString()} ({CompetitionPage.Bytes(asset.GetProperty("sizeBytes").GetInt64())}, " +
            $"SHA-256 {asset.GetProperty("sha256").GetString()}); " +
            (asset.GetProperty("isPublic").GetBoolean() ? "public." : validation == "Pending" ? "a worker checks it; the table above shows its verdict." : "the scorer accepted it.");
        if (_progress is { } p)
        {
            _progress = p with { Sent = p.Total };
        }
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadFailed(JsonElement error) => InvokeAsync(() =>
    {
        var detail = error.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var title = error.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        _error = "Not stored: " + (detail ?? title ?? "the upload failed.");
        StateHasChanged();
    });

    private string ProgressText() => _progress is not { } p
        ? "Starting the upload…"
        : $"{CompetitionPage.Bytes(p.Sent)} of {CompetitionPage.Bytes(p.Total)} ({100 * p.Fraction:0}%)";

    public async ValueTask DisposeAsync()
    {
        _poll?.Dispose();
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

    private sealed record Progress(long Sent, long Total)
    {
        public double Fraction => Total == 0 ? 0 : (double)Sent / Total;
    }
}
