using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Organizing;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Admin;

public sealed partial class AdminQueues
{
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private Operations? _ops;
    private DateTimeOffset _readAt;
    private string? _message;
    private Severity _messageSeverity = Severity.Success;
    private Poller? _poller;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            _ops = await UseAsync<AdminService, Operations>(a => a.OperationsAsync(actor, CancellationToken.None));
            _readAt = Clock.GetUtcNow();
        }, error => (_message, _messageSeverity) = (error, Severity.Error));
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            (_poller ??= NewPoller()).Start(TimeSpan.FromSeconds(10), async _ =>
            {
                await LoadAsync();
                await InvokeAsync(StateHasChanged);
                return true;
            });
        }
    }

    private Task RequeueAsync(StuckRow row) => ActAsync(row, a => a.RequeueAsync, $"{row.FileName} of {row.TeamName} is queued again.");

    private Task FailAsync(StuckRow row) => ActAsync(row, a => a.FailAndRefundAsync, $"{row.FileName} of {row.TeamName} is failed; the team got its quota back.");

    private async Task ActAsync(StuckRow row, Func<AdminService, Func<NasArena.Platform.Accounts.Actor?, Guid, CancellationToken, Task>> pick, string done)
    {
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            await UseAsync<AdminService>(a => pick(a)(actor, row.Id, CancellationToken.None));
            (_message, _messageSeverity) = (done, Severity.Success);
        }, error => (_message, _messageSeverity) = (error, Severity.Error));
        await LoadAsync();
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0} min" : $"{Math.Max(0, t.TotalSeconds):0} s";

    public async ValueTask DisposeAsync()
    {
        if (_poller is not null)
        {
            await _poller.DisposeAsync();
        }
    }
}
