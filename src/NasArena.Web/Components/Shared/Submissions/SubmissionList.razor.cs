using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;

namespace NasArena.Web.Components.Shared.Submissions;

/// <summary>
/// The team's submissions to a phase with their status live, without a reload. The worker shares only the database with
/// the web process, so the list polls: every <see cref="LivePeriod"/> while one it shows is not final (queued, running), and
/// every <see cref="Idle"/> otherwise, so that a submission made elsewhere (the CLI, another tab) shows up too. The clock
/// ticks with the fast period so that heartbeat ages count up between reads. The timer ends with the component.
/// </summary>
public sealed partial class SubmissionList : PlatformComponent, IAsyncDisposable
{
    public static readonly TimeSpan LivePeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Parameter, EditorRequired] public Guid PhaseId { get; set; }
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private Phase? _phase;
    private List<LiveSubmission>? _rows;
    private string? _problem;
    private string? _cancelError;
    private bool _signedIn = true;
    private DateTimeOffset _now;
    private DateTimeOffset _lastRead;
    private readonly HashSet<Guid> _cancelling = [];
    private Poller? _poller;

    private string SignInHref => "/account/sign-in?returnUrl=" + Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri));

    protected override async Task OnParametersSetAsync()
    {
        _problem = null;
        var actor = await ActorAsync();
        _signedIn = actor is not null;
        if (!_signedIn)
        {
            return;
        }
        try
        {
            _phase = await UseAsync<Access, Phase>(a => a.PhaseAsync(actor, PhaseId, CancellationToken.None));
            await ReadAsync(CancellationToken.None);
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            _problem = e.Message;
        }
    }

    /// <summary>Polling starts once the circuit is up (never during prerendering, which renders once and is gone).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _signedIn && _problem is null)
        {
            (_poller ??= NewPoller()).Start(LivePeriod, TickAsync);
        }
    }

    private async Task<bool> TickAsync(CancellationToken ct)
    {
        var busy = _rows?.Any(r => !SubmissionText.IsFinal(r.View.Status)) ?? true;
        if (busy || Clock.GetUtcNow() - _lastRead >= Idle)
        {
            await ReadAsync(ct);
        }
        else
        {
            _now = Clock.GetUtcNow();
        }
        await InvokeAsync(StateHasChanged);
        return true;
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var actor = await ActorAsync();
        var rows = await UseAsync<SubmissionQueries, List<LiveSubmission>>(q => q.MineLiveAsync(actor, PhaseId, ct));
        _rows = rows;
        _now = _lastRead = Clock.GetUtcNow();
    }

    /// <summary>Through <see cref="SubmissionCommands"/>, so the same rules apply as for the API (own team or organizers).</summary>
    private async Task CancelAsync(Guid id)
    {
        _cancelError = null;
        _cancelling.Add(id);
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            await UseAsync<SubmissionCommands, SubmissionView>(c => c.CancelAsync(actor, id, CancellationToken.None));
        }, error => _cancelError = error);
        _cancelling.Remove(id);
        await ReadAsync(CancellationToken.None);
    }

    private string Primary(SubmissionView view) =>
        view.Status == SubmissionStatus.Scored ? SubmissionText.Number(view.PublicMetrics?.GetValueOrDefault(_phase!.PrimaryMetric)) : "";

    /// <summary>The log tails the scorer kept ("logs": data set → tail); absent when the phase or track hides logs.</summary>
    public static string? LogTail(SubmissionView view)
    {
        if (view.Details?["logs"] is not JsonObject logs || logs.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var (name, tail) in logs)
        {
            var value = tail?.GetValueKind() == System.Text.Json.JsonValueKind.String ? tail.GetValue<string>() : tail?.ToJsonString();
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.Append("── ").Append(name).Append(" ──\n").Append(value.TrimEnd()).Append('\n');
            }
        }
        return text.Length == 0 ? null : text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_poller is not null)
        {
            await _poller.DisposeAsync();
        }
    }
}
