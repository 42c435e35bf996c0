using System.Globalization;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Platform.Submissions;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Shared.Finals;

/// <summary>Reads the team's picks and scored submissions through the same services as the REST API (FinalsApi).</summary>
public sealed partial class FinalPicksPanel : PlatformComponent
{
    [Parameter, EditorRequired] public Guid PhaseId { get; set; }

    /// <summary>When set, the panel shows the button for this submission only (its own page).</summary>
    [Parameter] public Guid? SubmissionId { get; set; }

    private FinalPicksView? _view;
    private List<SubmissionView> _rows = [];
    private string? _error;

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        if (actor is null) return;
        try
        {
            _view = await UseAsync<FinalPicks, FinalPicksView>(p => p.MineAsync(actor, PhaseId, CancellationToken.None));
            var mine = await UseAsync<SubmissionQueries, List<SubmissionView>>(q => q.MineAsync(actor, PhaseId, CancellationToken.None));
            _rows = mine.Where(s => s.Status == SubmissionStatus.Scored && !s.IsHidden && !s.IsDisqualified && !s.IsBaseline && !s.IsDebug).ToList();
        }
        catch (DomainException)
        {
            // No team here (an organizer, a visitor): nothing to pick.
            _view = null;
        }
    }

    private async Task ToggleAsync(Guid id, bool picked)
    {
        var actor = await ActorAsync();
        _error = null;
        await RunAsync(async () =>
        {
            _view = await UseAsync<FinalPicks, FinalPicksView>(p => picked
                ? p.UnpickAsync(actor, id, CancellationToken.None)
                : p.PickAsync(actor, id, CancellationToken.None));
        }, error => _error = error);
    }

    private string CountsText(Guid id) => _view is null ? "" :
        _view.Picked.Contains(id) ? "yes (picked)" : _view.Counted.Contains(id) ? "yes (best public, nothing picked)" : "no";

    private static string PublicScore(SubmissionView s) =>
        s.PublicMetrics is { Count: > 0 } m ? string.Join(" · ", m.Where(kv => kv.Value is not null).Take(3)
            .Select(kv => $"{kv.Key} {kv.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture)}")) : "";
}
