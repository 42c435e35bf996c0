using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Public;

/// <summary>
/// The final standings (issue 25 item 2): the private board with ranks, intervals, tie groups and the winner marked. Read
/// through <see cref="FinalStandingsReader"/>, so the page refuses exactly what the API refuses (the private board before the reveal).
/// </summary>
public sealed partial class FinalStandingsPage : PlatformComponent
{
    [Parameter] public Guid PhaseId { get; set; }

    private FinalStandings? _standings;
    private string? _title;
    private string? _problem;
    private bool _organizer;
    private List<BreadcrumbItem> _crumbs = [new("Competitions", "/")];

    protected override async Task OnParametersSetAsync()
    {
        _problem = null;
        var actor = await ActorAsync();
        try
        {
            var phase = await UseAsync<LeaderboardService, Phase>(s => s.PhaseAsync(actor, PhaseId, CancellationToken.None));
            _title = $"{phase.Track!.Title} · {phase.Title}";
            var competition = phase.Track.Competition!;
            _crumbs = [new("Competitions", "/"), new(competition.Title, $"/competitions/{competition.Slug}"),
                new("Leaderboard", $"/phases/{PhaseId}/leaderboard"), new("Final standings", null, disabled: true)];
            _organizer = await UseAsync<Access, bool>(a => a.IsOrganizerAsync(actor, competition.Id, CancellationToken.None));
            _standings = await UseAsync<FinalStandingsReader, FinalStandings>(r => r.GetAsync(actor, PhaseId, CancellationToken.None));
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            _problem = e.Message;
        }
    }

    private async Task RevealAsync()
    {
        var actor = await ActorAsync();
        await UseAsync<FinalsSettings, FinalsView>(s => s.RevealAsync(actor, PhaseId, CancellationToken.None));
        await OnParametersSetAsync();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–";
}
