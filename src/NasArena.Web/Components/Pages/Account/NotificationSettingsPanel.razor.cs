using NasArena.Platform.Competitions;
using NasArena.Platform.Notifications;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Account;

public sealed partial class NotificationSettingsPanel : PlatformComponent
{
    private NotificationSettings? _settings;
    private bool _saved;

    protected override async Task OnInitializedAsync()
    {
        var actor = Access.RequireUser(await ActorAsync());
        _settings = await UseAsync<NotificationPreferences, NotificationSettings>(p => p.GetAsync(actor, CancellationToken.None));
    }

    private Task SetSubmissionEndedAsync(bool on) => SaveAsync(_settings! with { SubmissionEnded = on });

    private Task SetAnnouncementsAsync(bool on) => SaveAsync(_settings! with { Announcements = on });

    private async Task SaveAsync(NotificationSettings settings)
    {
        var actor = Access.RequireUser(await ActorAsync());
        _settings = await UseAsync<NotificationPreferences, NotificationSettings>(p => p.SetAsync(actor, settings, CancellationToken.None));
        _saved = true;
    }
}
