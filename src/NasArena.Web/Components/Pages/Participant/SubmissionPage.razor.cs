using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Submissions;

namespace NasArena.Web.Components.Pages.Participant;

/// <summary>
/// One submission: state, metrics, the track's breakdown, the file. What is shown is what <see cref="SubmissionView"/>
/// lets this caller see (private metrics once published or for organizers). Another team's submission does not exist
/// for the caller: the page says so and nothing else (status 200: a 404 set from a prerendered component in .NET 10
/// left an empty body, which Chromium shows as an error page; the REST API answers 404). Polls like the
/// list while the submission is not final.
/// </summary>
public sealed partial class SubmissionPage : PlatformComponent, IAsyncDisposable
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private LiveSubmission? _live;
    private Phase? _phase;
    private bool _organizer;
    private RescoreDiff? _rescores;
    private bool _signedIn = true;
    private string? _refused;
    private string? _cancelError;
    private DateTimeOffset _now;
    private List<BreadcrumbItem> _crumbs = [];
    private Poller? _poller;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await ActorAsync();
        _signedIn = actor is not null;
        if (!_signedIn)
        {
            return;
        }
        try
        {
            await ReadAsync(CancellationToken.None);
            var phase = _phase!;
            var competition = phase.Track!.Competition!;
            _organizer = await UseAsync<Access, bool>(a => a.IsOrganizerAsync(actor, competition.Id, CancellationToken.None));
            await ReadRescoresAsync(CancellationToken.None);
            _crumbs = [new("Competitions", "/"), new(competition.Title, $"/competitions/{competition.Slug}"),
                new("My submissions", $"/phases/{phase.Id}/submissions/mine"), new(_live!.View.FileName, null, disabled: true)];
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            _live = null;
            _refused = e.Message;
        }
    }

    /// <summary>Whether the team does not see the logs (the phase or its track hides them): what the organizer view says.</summary>
    private bool LogsHidden => _live?.View.IsDebug != true && _phase is { } p && (p.HideLogs || (p.Track?.SettingsJson ?? "").Contains("\"hideLogs\": true", StringComparison.Ordinal)
        || (p.Track?.SettingsJson ?? "").Contains("\"hideLogs\":true", StringComparison.Ordinal));

    private async Task ReadAsync(CancellationToken ct)
    {
        var actor = await ActorAsync();
        _live = await UseAsync<SubmissionQueries, LiveSubmission>(q => q.GetLiveAsync(actor, Id, ct));
        _phase ??= await UseAsync<Access, Phase>(a => a.PhaseAsync(actor, _live.View.PhaseId, ct));
        _now = Clock.GetUtcNow();
    }

    /// <summary>The organizers' rescore history: the same RescoreDiffs the API's /submissions/{id}/rescores answers with.</summary>
    private async Task ReadRescoresAsync(CancellationToken ct)
    {
        if (_organizer)
        {
            var actor = await ActorAsync();
            _rescores = await UseAsync<RescoreDiffs, RescoreDiff>(d => d.OfAsync(actor, Id, ct));
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _live is not null && (!SubmissionText.IsFinal(_live.View.Status) || AwaitsCompute))
        {
            (_poller ??= NewPoller()).Start(SubmissionList.LivePeriod, TickAsync);
        }
    }

    /// <summary>
    /// The job writes a run's compute just after the run's final state (JobRun records it whatever the outcome), so a
    /// page read in between shows a scored submission with no compute yet: it keeps polling a few ticks for it.
    /// </summary>
    private bool AwaitsCompute => _live is { View.Compute: null } live && live.View.Status != SubmissionStatus.Cancelled
        && _ticksAfterFinal < TicksAwaitingCompute;

    private const int TicksAwaitingCompute = 15;
    private int _ticksAfterFinal;

    /// <summary>One read while the submission is not final (and a few after, for its compute); false ends the polling.</summary>
    private async Task<bool> TickAsync(CancellationToken ct)
    {
        await ReadAsync(ct);
        var final = SubmissionText.IsFinal(_live!.View.Status);
        if (final)
        {
            // A rescore that just finished has moved the score it replaced into the history.
            await ReadRescoresAsync(ct);
        }
        await InvokeAsync(StateHasChanged);
        return !(final && (!AwaitsCompute || ++_ticksAfterFinal >= TicksAwaitingCompute));
    }

    private async Task CancelAsync()
    {
        _cancelError = null;
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            await UseAsync<SubmissionCommands, SubmissionView>(c => c.CancelAsync(actor, Id, CancellationToken.None));
            await ReadAsync(CancellationToken.None);
        }, error => _cancelError = error);
    }

    public async ValueTask DisposeAsync()
    {
        if (_poller is not null)
        {
            await _poller.DisposeAsync();
        }
    }
}
