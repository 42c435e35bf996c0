using Microsoft.AspNetCore.Components;
using NasArena.Platform.Assets.Latency;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>The organizer's "Calibrate latency" button: the same service as POST /phases/{id}/assets/latency-calibrations.</summary>
public sealed partial class LatencyCalibrationPanel : PlatformComponent
{
    [Parameter, EditorRequired] public Guid PhaseId { get; set; }

    private string _queue = "cpu";
    private int _repeats = LatencyCalibrationService.DefaultRepeats;
    private string? _error;
    private string? _done;

    private async Task CalibrateAsync()
    {
        (_error, _done) = (null, null);
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            var accepted = await UseAsync<LatencyCalibrationService, LatencyCalibrationAccepted>(s =>
                s.RequestAsync(actor, PhaseId, new LatencyCalibrationRequest(_queue, _repeats), CancellationToken.None));
            _done = $"Queued on the {accepted.Queue} queue ({accepted.Repeats} repeats): the table appears above as the next 'latency-table' when a worker has timed every architecture.";
        }, message => _error = message);
    }
}
