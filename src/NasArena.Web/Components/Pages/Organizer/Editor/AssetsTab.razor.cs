using System.Text.Json;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Uploads;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class AssetsTab : PlatformComponent, IAsyncDisposable
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    private List<(Track Track, Phase Phase)> _phases = [];
    private Guid _phaseId;
    private bool _public;
    private bool _debug;
    private string? _kind;
    private string? _name;
    private string? _fileName;
    private string? _error;
    private string? _done;
    private ResumableUpload? _upload;
    private Poller? _poller;

    private Track? SelectedTrack => _phases.FirstOrDefault(p => p.Phase.Id == _phaseId).Track;

    private IReadOnlyList<string> HiddenKinds => SelectedTrack is { } t ? TrackCatalog.Get(t.Kind).HiddenAssetKinds : [];

    private bool CanUpload => !Busy && _fileName is not null && !string.IsNullOrWhiteSpace(_kind) && _phaseId != Guid.Empty;

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
        if (pending)
        {
            (_poller ??= NewPoller()).Start(TimeSpan.FromSeconds(3), async _ =>
            {
                await InvokeAsync(() => Changed.InvokeAsync());
                return true;
            });
        }
        else
        {
            _poller?.Stop();
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

    private void FileChosen(ChosenFile? file) => (_fileName, _error, _done) = (file?.Name, null, null);

    private async Task UploadAsync()
    {
        if (!CanUpload || _upload is null)
        {
            return;
        }
        (_error, _done) = (null, null);
        var asset = new { kind = _kind!.Trim(), name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(), @public = _public, debug = !_public && _debug };
        await RunAsync(() => _upload.StartAsync(_phaseId, new { asset }), Failed);
        await Changed.InvokeAsync();
    }

    private void Completed(JsonElement asset)
    {
        var validation = asset.TryGetProperty("validation", out var v) ? v.ToString() : "Valid";
        _done = $"Stored: {asset.GetProperty("fileName").GetString()} ({Format.Bytes(asset.GetProperty("sizeBytes").GetInt64())}, " +
            $"SHA-256 {asset.GetProperty("sha256").GetString()}); " +
            (asset.GetProperty("isPublic").GetBoolean() ? "public." : validation == "Pending" ? "a worker checks it; the table above shows its verdict." : "the scorer accepted it.");
    }

    private void Failed(string reason) => _error = "Not stored: " + reason;

    public async ValueTask DisposeAsync()
    {
        if (_poller is not null)
        {
            await _poller.DisposeAsync();
        }
    }
}
