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
    [Inject] private IServiceProvider Services { get; set; } = default!;

    public const int PageSize = 25;

    [Parameter] public Guid PhaseId { get; set; }
    [SupplyParameterFromQuery(Name = "board")] public string? BoardName { get; set; }

    /// <summary>Which page of <see cref="PageSize"/> teams to show first (1-based): the "jump to my team" link's target.</summary>
    [SupplyParameterFromQuery(Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The request's, while prerendering (a shared page leaves its per-viewer parts as markers, ADR 0037); null in the circuit.</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private Board Board => string.Equals(BoardName, "private", StringComparison.OrdinalIgnoreCase) ? Board.Private : Board.Public;

    private MudTable<LeaderboardRow>? _table;
    private LeaderboardPage? _first;
    private LeaderboardPage? _current;
    private BoardProgress? _progress;
    private string? _phaseTitle;
    private string? _problem;
    private List<BreadcrumbItem> _crumbs = [];
    private MyTeam? _myTeam;
    private int? _shownPage;

    private int CurrentPage => Math.Clamp(PageNumber ?? 1, 1, Pages);
    private int Pages => _first is null ? 1 : Math.Max(1, (_first.TotalTeams + PageSize - 1) / PageSize);

    private string PageHref(int page) => $"/phases/{PhaseId}/leaderboard?page={page}" + (Board == Board.Private ? "&board=private" : "");

    private static string RowClass(LeaderboardRow row, int index) => MyTeam.RowClass(row.TeamId);

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
            if (PageNumber is > 1 && !RendererInfo.IsInteractive)
            {
                // The first answer shows the asked page (the circuit's table then starts there, OnAfterRenderAsync).
                var skip = (CurrentPage - 1) * PageSize;
                _first = await UseAsync<LeaderboardService, LeaderboardPage>(s =>
                    s.PageAsync(actor, PhaseId, new LeaderboardQuery(Board, Skip: skip, Take: PageSize), CancellationToken.None));
            }
            // The viewer's own team (a shared page splices it in per viewer instead, ADR 0037).
            _myTeam = actor is null || SignedInPageCache.IsSharedRender(HttpContext) ? null
                : (await ViewerFacts.ReadAsync(Services, actor, PhaseId, Board, CancellationToken.None)).Team;
            _progress = await UseAsync<LeaderboardService, BoardProgress>(s =>
                s.ProgressAsync(actor, PhaseId, Board, LeaderboardService.DefaultProgressTeams, CancellationToken.None));
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            _problem = e.Message;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // The circuit's table starts on the page the address asks for, and follows a "jump to my team" link within the circuit.
        if (_table is not null && _first is not null && _shownPage != CurrentPage)
        {
            _shownPage = CurrentPage;
            if (CurrentPage > 1 || !firstRender)
            {
                _table.NavigateTo(CurrentPage - 1);
            }
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
