using Microsoft.AspNetCore.Components;
using NasArena.Platform.Errors;
using NasArena.Platform.Jobs.Fairness;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Manage;

/// <summary>GET/PUT .../fair-queue in the browser: the same service and checks.</summary>
public sealed partial class FairQueuePanel : PlatformComponent
{
    [Parameter, EditorRequired] public string Slug { get; set; } = "";

    private FairQueueView? _view;
    private int _value;
    private string? _message;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await ActorAsync();
        _view = await UseAsync<FairQueueSettings, FairQueueView>(s => s.GetAsync(actor, Slug, CancellationToken.None));
        _value = _view.MaxRunningPerTeam;
    }

    private Task SaveAsync() => SetAsync(_value);

    private Task ResetAsync() => SetAsync(null);

    private async Task SetAsync(int? cap)
    {
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            _view = await UseAsync<FairQueueSettings, FairQueueView>(s => s.SetAsync(actor, Slug, new FairQueueInput(cap), CancellationToken.None));
            _value = _view.MaxRunningPerTeam;
            _message = "Saved.";
        }, error => _message = error);
    }
}
