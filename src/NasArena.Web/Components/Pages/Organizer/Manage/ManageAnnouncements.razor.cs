using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Notifications;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Manage;

/// <summary>Organizers write announcements here: the same service, checks and limits as POST .../announcements (ADR 0047).</summary>
public sealed partial class ManageAnnouncements : PlatformComponent
{
    [Parameter] public string Slug { get; set; } = "";
    [Inject] private NotificationOptions Options { get; set; } = default!;

    private string? _title;
    private string? _problem;
    private List<AnnouncementView>? _items;
    private string _subject = "";
    private string _body = "";
    private string? _message;
    private Severity _severity = Severity.Success;

    private int PerDay => Options.AnnouncementsPerDay;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            // Organizers only: the same check as the REST endpoints (a participant is told so, not shown the form).
            _title = (await UseAsync<CompetitionService, Competition>(c => c.ForOrganizerAsync(actor, Slug, CancellationToken.None))).Title;
            await LoadAsync();
        }, error => _problem = error);
    }

    private async Task LoadAsync()
    {
        var actor = await ActorAsync();
        _items = await UseAsync<Announcements, List<AnnouncementView>>(a => a.ListAsync(actor, Slug, CancellationToken.None));
    }

    private async Task SendAsync()
    {
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            await UseAsync<Announcements, AnnouncementView>(a => a.PostAsync(actor, Slug, new AnnouncementInput(_subject, _body), CancellationToken.None));
            (_message, _severity, _subject, _body) = ("Sent: the mail goes out to the registered teams' members now.", Severity.Success, "", "");
            await LoadAsync();
        }, error => (_message, _severity) = (error, Severity.Warning));
    }
}
