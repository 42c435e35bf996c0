using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>The form's values and its two actions; the checks are <see cref="FinalsSettings.Problem"/>'s, as for the API.</summary>
public sealed partial class FinalsSection : PlatformComponent
{
    [Parameter, EditorRequired] public Phase Phase { get; set; } = default!;
    [Parameter, EditorRequired] public Track Track { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    private int? _picks;
    private DateTimeOffset? _freezesAt;
    private DateTimeOffset? _revealsAt;
    private string _publicMetric = "";
    private bool _split;
    private FinalsView? _view;
    private string? _error;
    private string? _saved;
    private Guid _loaded;

    protected override void OnParametersSet()
    {
        if (_loaded == Phase.Id) return;
        _loaded = Phase.Id;
        (_picks, _freezesAt, _revealsAt, _publicMetric, _split) = (Phase.FinalPicks, Phase.FreezesAt, Phase.RevealsAt, Phase.PublicMetric ?? "", Phase.SplitBoards);
        Phase.Track ??= Track;
        _view = FinalsView.Of(Phase, DateTimeOffset.UtcNow);
    }

    private Task SaveAsync() => RunAsync("Final standings settings saved.", async actor =>
        await UseAsync<FinalsSettings, FinalsView>(s => s.UpdateAsync(actor, Phase.Id, new FinalsInput(_picks, _freezesAt, _revealsAt, _publicMetric, _split), CancellationToken.None)));

    private Task RevealAsync() => RunAsync("The private board is revealed.", async actor =>
        await UseAsync<FinalsSettings, FinalsView>(s => s.RevealAsync(actor, Phase.Id, CancellationToken.None)));

    private async Task RunAsync(string done, Func<Platform.Accounts.Actor?, Task<FinalsView>> work)
    {
        (_error, _saved) = (null, null);
        await RunAsync(async () =>
        {
            _view = await work(await ActorAsync());
            _saved = done;
            await Changed.InvokeAsync();
        }, error => _error = error);
    }
}
