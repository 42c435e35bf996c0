using Microsoft.AspNetCore.Components;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class QuotaPolicySection : PlatformComponent
{
    [Parameter, EditorRequired] public Phase Phase { get; set; } = default!;

    private FailedSubmissionPolicy _policy;
    private int? _daily;
    private int? _total;
    private string? _error;
    private string? _saved;
    private Guid _loaded;

    private string Rule => QuotaRules.Describe(_policy);

    protected override void OnParametersSet()
    {
        // The form keeps what the organizer typed across the editor's reloads; only another phase resets it.
        if (_loaded != Phase.Id)
        {
            (_loaded, _policy, _daily, _total) = (Phase.Id, Phase.FailurePolicy, Phase.FailedDailyLimit, Phase.FailedTotalLimit);
        }
    }

    private async Task SaveAsync()
    {
        (_error, _saved) = (null, null);
        var actor = await ActorAsync();
        // Limits belong to the separate quota only: switching away drops them rather than being refused for them.
        var separate = _policy == FailedSubmissionPolicy.SeparateQuota;
        var input = new QuotaPolicyInput(_policy.ToString(), separate ? _daily : null, separate ? _total : null);
        await RunAsync(async () =>
        {
            var saved = await UseAsync<QuotaPolicyService, QuotaPolicyView>(s => s.SetAsync(actor, Phase.Id, input, CancellationToken.None));
            _saved = $"Quota rule saved: {saved.Rule}";
        }, error => _error = error);
    }
}
