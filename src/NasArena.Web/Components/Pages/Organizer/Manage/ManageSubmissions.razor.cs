using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Organizing;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Manage;

/// <summary>
/// A competition's submissions for its organizers: filtered and paged on the server (<see cref="OrganizerSubmissions"/>),
/// bulk actions on the selected rows, the CSV and the zip of the filter from plain HTTP endpoints (the browser downloads
/// them with its cookie; no file goes through the circuit), and a phase-wide rescore confirmed by typing the phase's name.
/// </summary>
public sealed partial class ManageSubmissions : PlatformComponent
{
    [Parameter] public string Slug { get; set; } = "";

    private static readonly SubmissionStatus[] Statuses =
        [SubmissionStatus.Queued, SubmissionStatus.Running, SubmissionStatus.Scored, SubmissionStatus.Failed, SubmissionStatus.Cancelled];

    private static readonly (BulkAction Action, string Label, Color Color)[] BulkButtons =
    [
        (BulkAction.Rescore, "Rescore", Color.Primary), (BulkAction.Cancel, "Cancel", Color.Error), (BulkAction.Hide, "Hide", Color.Default),
        (BulkAction.Disqualify, "Disqualify", Color.Error), (BulkAction.MarkBaseline, "Mark as baseline", Color.Info),
    ];

    private sealed record PhaseChoice(Guid Id, string Name, string Title);

    private Competition? _competition;
    private string? _problem;
    private List<(Guid Id, string Name)> _phases = [];
    private List<PhaseChoice> _phaseChoices = [];
    private MudDataGrid<SubmissionRow>? _grid;
    private HashSet<SubmissionRow> _selected = [];
    private Guid? _phaseId;
    private SubmissionStatus? _status;
    private FailureKind? _failure;
    private string? _team;
    private DateTime? _from;
    private DateTime? _to;
    private SubmissionFilter _applied = new();
    private string? _message;
    private Severity _messageSeverity = Severity.Success;
    private string? _confirm;

    private PhaseChoice? SelectedPhase => _applied.PhaseId is { } id ? _phaseChoices.FirstOrDefault(p => p.Id == id) : null;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            _competition = await UseAsync<CompetitionService, Competition>(c => c.BySlugAsync(actor, Slug, CancellationToken.None));
            _phaseChoices = _competition.Tracks.OrderBy(t => t.Title).SelectMany(t => t.Phases.OrderBy(p => p.StartsAt)
                .Select(p => new PhaseChoice(p.Id, $"{t.Title} · {p.Title}", p.Title))).ToList();
            _phases = _phaseChoices.Select(p => (p.Id, p.Name)).ToList();
        }, error => _problem = error);
    }

    private async Task<GridData<SubmissionRow>> LoadAsync(GridState<SubmissionRow> state, CancellationToken ct)
    {
        var actor = await ActorAsync();
        try
        {
            var page = await UseAsync<OrganizerSubmissions, SubmissionPage>(s =>
                s.PageAsync(actor, Slug, _applied, state.Page * state.PageSize, state.PageSize, ct));
            return new GridData<SubmissionRow> { Items = page.Rows, TotalItems = page.Total };
        }
        catch (DomainException e)
        {
            Say(e.Message, Severity.Error);
            return new GridData<SubmissionRow> { Items = [], TotalItems = 0 };
        }
    }

    private SubmissionFilter Current() => new(_phaseId, _status, string.IsNullOrWhiteSpace(_team) ? null : _team.Trim(),
        _from is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f.Date, DateTimeKind.Utc)) : null,
        _to is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t.Date.AddDays(1), DateTimeKind.Utc)) : null, _failure);

    private async Task ApplyAsync()
    {
        _applied = Current();
        _selected = [];
        _message = null;
        _confirm = null;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task ClearAsync()
    {
        (_phaseId, _status, _failure, _team, _from, _to) = (null, null, null, null, null, null);
        await ApplyAsync();
    }

    /// <summary>The export endpoints take the filter as applied (what the grid shows), not what is typed but not yet applied.</summary>
    private string ExportHref(string kind)
    {
        var f = _applied;
        var query = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                query.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        Add("phaseId", f.PhaseId?.ToString());
        Add("status", f.Status?.ToString());
        Add("team", f.Team);
        Add("from", f.From?.ToString("O"));
        Add("to", f.To?.ToString("O"));
        Add("failure", f.Failure?.ToString());
        return $"/api/v1/competitions/{Uri.EscapeDataString(Slug)}/submissions.{kind}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private async Task BulkAsync(BulkAction action)
    {
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            var ids = _selected.Select(r => r.Id).ToList();
            var result = await UseAsync<OrganizerSubmissions, BulkResult>(s => s.BulkAsync(actor, Slug, action, ids, CancellationToken.None));
            var done = $"{Words(action)}: {result.Done} of {ids.Count} done.";
            if (result.Failed.Count == 0)
            {
                Say(done, Severity.Success);
            }
            else
            {
                Say(done + " Not done: " + string.Join(" ", result.Failed.Select(f => $"{Name(f.Id)}: {f.Reason}")), Severity.Warning);
            }
            _selected = [];
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }, error => Say(error, Severity.Error));
    }

    private string Name(Guid id) => _selected.FirstOrDefault(r => r.Id == id) is { } r ? $"{r.FileName} ({r.TeamName})" : id.ToString();

    private async Task RescorePhaseAsync()
    {
        if (SelectedPhase is not { } phase)
        {
            return;
        }
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            var queued = await UseAsync<OrganizerSubmissions, int>(s => s.RescorePhaseAsync(actor, phase.Id, _confirm ?? "", CancellationToken.None));
            Say($"{queued} submission(s) of {phase.Name} queued for rescoring.", Severity.Success);
            _confirm = null;
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }, error => Say(error, Severity.Error));
    }

    private void Say(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    private static string Words(BulkAction action) => action switch
    {
        BulkAction.Rescore => "Rescore",
        BulkAction.Cancel => "Cancel",
        BulkAction.Hide => "Hide",
        BulkAction.Unhide => "Show again",
        BulkAction.Disqualify => "Disqualify",
        BulkAction.Requalify => "Qualify again",
        BulkAction.MarkBaseline => "Mark as baseline",
        _ => "No longer a baseline",
    };

    private static string Number(double? v) => v?.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) ?? "–";
}
