using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions.Debug;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class DebugRunsSection : PlatformComponent
{
    [Parameter, EditorRequired] public Phase Phase { get; set; } = default!;

    [Inject] private DebugRunOptions Ceilings { get; set; } = default!;

    private int? _daily;
    private double? _timeLimit;
    private bool _hasSplit;
    private string? _error;
    private string? _saved;
    private Guid _loaded;

    private int MaxDaily => Ceilings.MaxDailyLimit;
    private double MaxTime => Ceilings.MaxTimeLimitSeconds;

    // Debug runs need the split: without one they are refused (503), which the organizer should learn here, not from participants.
    private string SplitText => _hasSplit
        ? "The debug split is uploaded (Assets tab): debug runs are scored on it."
        : "No debug split yet: upload one in the Hidden assets tab (tick \"Debug split\"); until then debug runs are refused.";

    protected override void OnParametersSet()
    {
        // The form keeps what the organizer typed across the editor's reloads; only another phase resets it.
        if (_loaded != Phase.Id)
        {
            (_loaded, _daily, _timeLimit) = (Phase.Id, Phase.DebugDailyLimit, Phase.DebugTimeLimitSeconds);
        }
        _hasSplit = Phase.Assets.Any(a => a.IsDebug);
    }

    private async Task SaveAsync()
    {
        (_error, _saved) = (null, null);
        var actor = await ActorAsync();
        try
        {
            var saved = await UseAsync<DebugRunSettings, DebugRunsView>(s =>
                s.SetAsync(actor, Phase.Id, new DebugRunsInput(_daily, _timeLimit), CancellationToken.None));
            _hasSplit = saved.HasDebugSplit;
            _saved = saved.DailyLimit is { } daily
                ? $"Debug runs saved: {daily} per team per day, {saved.EffectiveTimeLimitSeconds:g} s each."
                : "Debug runs saved: off.";
        }
        catch (DomainException e)
        {
            _error = e.Message;
        }
    }
}
