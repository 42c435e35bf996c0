using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Public;

/// <summary>
/// A phase's board: the baselines pinned above, the ranked teams in a table paged and sorted on the server (only one page
/// of rows reaches the browser), every metric's direction in its header, and the top teams' best score over time.
/// </summary>
public sealed partial class PhaseLeaderboard : PlatformComponent
{
    public const int PageSize = 25;

    [Parameter] public Guid PhaseId { get; set; }
    [SupplyParameterFromQuery(Name = "board")] public string? BoardName { get; set; }

    private Board Board => string.Equals(BoardName, "private", StringComparison.OrdinalIgnoreCase) ? Board.Private : Board.Public;

    private MudTable<LeaderboardRow>? _table;
    private LeaderboardPage? _first;
    private LeaderboardPage? _current;
    private BoardProgress? _progress;
    private string? _phaseTitle;
    private string? _problem;
    private List<BreadcrumbItem> _crumbs = [];

    protected override async Task OnParametersSetAsync()
    {
        _problem = null;
        try
        {
            var actor = await ActorAsync();
            // From the board's own cache (ADR 0020): with the board itself, a render reads nothing from the database.
            var phase = await UseAsync<LeaderboardService, Phase>(s => s.PhaseAsync(actor, PhaseId, CancellationToken.None));
            _phaseTitle = $"{phase.Track!.Title} · {phase.Title}";
            var competition = phase.Track.Competition!;
            _crumbs = [new("Competitions", "/"), new(competition.Title, $"/competitions/{competition.Slug}"), new(phase.Title, null, disabled: true)];
            // The columns (metrics) and the pinned baselines come with the first page; the table then asks for its own pages.
            _first = await UseAsync<LeaderboardService, LeaderboardPage>(s =>
                s.PageAsync(actor, PhaseId, new LeaderboardQuery(Board, Take: PageSize), CancellationToken.None));
            _progress = await UseAsync<LeaderboardService, BoardProgress>(s =>
                s.ProgressAsync(actor, PhaseId, Board, LeaderboardService.DefaultProgressTeams, CancellationToken.None));
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            _problem = e.Message;
        }
    }

    private async Task<TableData<LeaderboardRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var actor = await ActorAsync();
        var sortBy = state.SortDirection == SortDirection.None || string.IsNullOrEmpty(state.SortLabel) ? null : state.SortLabel;
        var query = new LeaderboardQuery(Board, sortBy, state.SortDirection == SortDirection.Descending, state.Page * state.PageSize, state.PageSize);
        _current = await UseAsync<LeaderboardService, LeaderboardPage>(s => s.PageAsync(actor, PhaseId, query, ct));
        return new TableData<LeaderboardRow> { Items = _current.Rows, TotalItems = _current.TotalTeams };
    }

    private static string Interval(LeaderboardRow row) =>
        row.Low is null || row.High is null ? "–" : $"[{Number(row.Low)}, {Number(row.High)}]";

    private static string Number(double? value) =>
        value is { } v ? v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "–";
}
