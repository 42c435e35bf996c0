using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Web.Api;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Public;

public sealed partial class CompetitionPage : PlatformComponent
{
    [Parameter] public string Slug { get; set; } = "";
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private Competition? _competition;
    private CompetitionView? _view;
    private Registration? _registration;
    private bool _signedIn;
    private string? _missing;
    private List<NasArena.Platform.Notifications.AnnouncementView> _announcements = [];
    private DateTimeOffset _now;

    protected override async Task OnParametersSetAsync()
    {
        _now = Clock.GetUtcNow();
        var actor = await ActorAsync();
        _signedIn = actor is not null;
        try
        {
            // The same view the REST API answers: hidden assets and organizer-only settings left out for participants.
            (_competition, _view, _registration) = await UseAsync<IServiceProvider, (Competition, CompetitionView, Registration?)>(async sp =>
            {
                var competition = await sp.GetRequiredService<CompetitionService>().BySlugAsync(actor, Slug, CancellationToken.None);
                var access = sp.GetRequiredService<Access>();
                var organizer = await access.IsOrganizerAsync(actor, competition.Id, CancellationToken.None);
                if (competition.IsDraft && !organizer)
                {
                    // A draft is its organizers' alone until published (the organizer editor).
                    throw new NotFoundException($"There is no competition '{Slug}'.");
                }
                var registration = actor is null ? null : await access.RegistrationOfAsync(actor.UserId, competition.Id, CancellationToken.None);
                return (competition, CompetitionView.From(competition, organizer), registration);
            });
            _announcements = await UseAsync<NasArena.Platform.Notifications.Announcements, List<NasArena.Platform.Notifications.AnnouncementView>>(
                a => a.ListAsync(actor, Slug, CancellationToken.None));
        }
        catch (NotFoundException e)
        {
            _missing = e.Message;
        }
    }

    /// <summary>"performance prediction (upload predicted accuracies)": the kind's descriptor, in words.</summary>
    public static string KindName(TrackKind kind) =>
        $"{TrackCatalog.Get(kind).DisplayName.ToLowerInvariant()} ({TrackCatalog.Get(kind).Description})";
}
