using Microsoft.AspNetCore.Components;
using MudBlazor;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>
/// The organizers' editor of one competition: a tab per part of the set-up, each marked complete or with what is left
/// to fix, and the pre-publish check beside them. Every change goes through CompetitionService/AssetService with the
/// circuit's user, so the same rules and authorization as the REST API apply; a non-organizer gets a 403, not the page.
/// </summary>
public sealed partial class CompetitionEditor : PlatformComponent
{
    [Parameter] public string Slug { get; set; } = "";
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private Competition? _competition;
    private List<PublishItem> _items = [];
    private string? _refused;
    private string? _publishError;
    private List<BreadcrumbItem> _crumbs = [];

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var actor = await ActorAsync();
        try
        {
            (_competition, _items) = await UseAsync<CompetitionService, (Competition, List<PublishItem>)>(async s =>
                (await s.ForOrganizerAsync(actor, Slug, CancellationToken.None), await s.CheckAsync(actor, Slug, CancellationToken.None)));
            _crumbs = [new("My competitions", "/organize"), new(_competition.Title, null, disabled: true)];
        }
        catch (DomainException e) when (e is ForbiddenException or NotFoundException)
        {
            _refused = e.Message;
            _competition = null;
            // The prerendered answer carries the status too: a script or a crawler sees 403/404, not a 200 page.
            if (HttpContext is { Response.HasStarted: false } http)
            {
                http.Response.StatusCode = e is ForbiddenException ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
            }
        }
    }

    private Color TabColor(SetupPart part) => SetupStatus.IsComplete(_items, part) ? Color.Success : Color.Error;

    private async Task PublishAsync()
    {
        _publishError = null;
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            await UseAsync<CompetitionService, Competition>(s => s.PublishAsync(actor, Slug, CancellationToken.None));
        }, error => _publishError = error);
        await ReloadAsync();
    }
}
