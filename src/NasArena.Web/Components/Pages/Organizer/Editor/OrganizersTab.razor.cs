using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class OrganizersTab
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    private string? _email, _error, _saved;
    private List<OrganizerInvitation>? _invitations;

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        _invitations = await UseAsync<OrganizerInvitations, List<OrganizerInvitation>>(s => s.OfCompetitionAsync(actor, Competition.Slug, CancellationToken.None));
    }

    private async Task InviteAsync()
    {
        (_error, _saved) = (null, null);
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            var invitation = await UseAsync<OrganizerInvitations, OrganizerInvitation>(s => s.InviteAsync(actor, Competition.Slug, _email, CancellationToken.None));
            (_saved, _email) = ($"Invitation sent to {invitation.Email}: they organize this competition once they accept it.", null);
            await LoadAsync();
        }, error => _error = error);
    }

    private async Task WithdrawAsync(Guid id)
    {
        (_error, _saved) = (null, null);
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            await UseAsync<OrganizerInvitations>(s => s.WithdrawAsync(actor, Competition.Slug, id, CancellationToken.None));
            _saved = "Invitation withdrawn.";
            await LoadAsync();
        }, error => _error = error);
    }
}
