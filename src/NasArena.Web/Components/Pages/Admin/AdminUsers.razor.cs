using MudBlazor;
using NasArena.Platform.Organizing;

namespace NasArena.Web.Components.Pages.Admin;

public sealed partial class AdminUsers
{
    private List<UserRow>? _users;
    private string? _search;
    private string? _message;
    private UserRow? _disabling;
    private string? _reason;
    private Severity _messageSeverity = Severity.Success;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        await RunAsync(async () => _users = await UseAsync<AdminService, List<UserRow>>(a => a.UsersAsync(actor, _search, CancellationToken.None)),
            Failed);
    }

    private void Failed(string message) => (_message, _messageSeverity) = (message, Severity.Error);

    private Task SetAdminAsync(UserRow user, bool admin) => ChangeAsync(
        actor => UseAsync<AdminService, UserRow>(a => a.SetAdminAsync(actor, user.Id, admin, CancellationToken.None)),
        admin ? $"{user.Email} is an admin now." : $"{user.Email} is no longer an admin.");

    private Task SetOrganizerAsync(UserRow user, bool organizer) => ChangeAsync(
        actor => UseAsync<AdminService, UserRow>(a => a.SetOrganizerAsync(actor, user.Id, organizer, CancellationToken.None)),
        organizer ? $"{user.Email} may create competitions now." : $"{user.Email} may no longer create competitions.");

    private void AskDisable(UserRow user) => (_disabling, _reason) = (user, null);

    private Task DisableAsync(UserRow user) => ChangeAsync(async actor =>
    {
        await UseAsync<AdminService, UserRow>(a => a.DisableAsync(actor, user.Id, _reason, CancellationToken.None));
        _disabling = null;
    }, $"{user.Email} is disabled.");

    private Task EnableAsync(UserRow user) => ChangeAsync(
        actor => UseAsync<AdminService, UserRow>(a => a.EnableAsync(actor, user.Id, CancellationToken.None)),
        $"{user.Email} is enabled again.");

    private async Task ChangeAsync(Func<NasArena.Platform.Accounts.Actor?, Task> change, string done)
    {
        if (await RunAsync(async () => await change(await ActorAsync()), Failed))
        {
            (_message, _messageSeverity) = (done, Severity.Success);
            await LoadAsync();
        }
    }
}
