using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Organizing;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Manage;

/// <summary>
/// Registrations (waiting ones first) approved or refused with a reason the participant reads on the competition's page,
/// through the same <see cref="CompetitionService.DecideRegistrationAsync"/> as the REST API; the teams with their members.
/// </summary>
public sealed partial class ManageParticipants : PlatformComponent
{
    [Parameter] public string Slug { get; set; } = "";

    private string? _title;
    private string? _problem;
    private List<Registration>? _registrations;
    private List<TeamRow>? _teams;
    private Guid? _refusing;
    private string? _reason;
    private string? _message;
    private Severity _messageSeverity = Severity.Success;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            _title = (await UseAsync<CompetitionService, Competition>(c => c.BySlugAsync(actor, Slug, CancellationToken.None))).Title;
            _registrations = (await UseAsync<CompetitionService, List<Registration>>(c => c.RegistrationsAsync(actor, Slug, CancellationToken.None)))
                .OrderBy(r => r.Status != RegistrationStatus.Pending).ThenBy(r => r.RulesAcceptedAt).ToList();
            _teams = await UseAsync<OrganizerParticipants, List<TeamRow>>(p => p.TeamsAsync(actor, Slug, CancellationToken.None));
        }, error => _problem = error);
    }

    private void StartRefusing(Registration r)
    {
        _refusing = r.Id;
        _reason = r.DecisionReason;
    }

    private async Task DecideAsync(Registration r, bool approve)
    {
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            await UseAsync<CompetitionService, Registration>(c => c.DecideRegistrationAsync(actor, Slug, r.Id, approve, approve ? null : _reason, CancellationToken.None));
            (_message, _messageSeverity) = (approve ? $"{r.User!.DisplayName} is approved: their team may submit."
                : $"{r.User!.DisplayName} is refused" + (string.IsNullOrWhiteSpace(_reason) ? "." : "; they see your reason."), Severity.Success);
            _refusing = null;
            _reason = null;
            await LoadAsync();
        }, error => (_message, _messageSeverity) = (error, Severity.Error));
    }

    internal static string StatusWords(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Pending => "waiting for approval",
        RegistrationStatus.Approved => "approved",
        _ => "refused",
    };
}
