using Microsoft.AspNetCore.Components;

namespace NasArena.Web.Components.Pages.Participant;

public sealed partial class JoinCompetition
{
    [Parameter] public string Slug { get; set; } = "";

    private NasArena.Platform.Domain.Competition? _competition;
    private NasArena.Platform.Domain.Registration? _registration;
    private string? _problem;
    private bool _accept;
    private string _how = "create";
    private string? _teamName;
    private string? _joinCode;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            var actor = NasArena.Platform.Competitions.Access.RequireUser(await ActorAsync());
            (_competition, _registration) = await UseAsync<IServiceProvider, (NasArena.Platform.Domain.Competition, NasArena.Platform.Domain.Registration?)>(async sp =>
            {
                var competition = await sp.GetRequiredService<NasArena.Platform.Competitions.CompetitionService>().BySlugAsync(actor, Slug, CancellationToken.None);
                return (competition, await sp.GetRequiredService<NasArena.Platform.Competitions.Access>().RegistrationOfAsync(actor.UserId, competition.Id, CancellationToken.None));
            });
        }
        catch (NasArena.Platform.Errors.NotFoundException e)
        {
            _problem = e.Message;
        }
    }

    private async Task JoinAsync()
    {
        _problem = null;
        if (_how == "join" && string.IsNullOrWhiteSpace(_joinCode))
        {
            _problem = "Enter the join code your teammate gave you.";
            return;
        }
        await RunAsync(async () =>
        {
            var actor = await ActorAsync();
            var input = new NasArena.Platform.Competitions.RegistrationInput(_accept, _how == "create" ? _teamName : null, _how == "join" ? _joinCode?.Trim() : null);
            _registration = await UseAsync<NasArena.Platform.Competitions.CompetitionService, NasArena.Platform.Domain.Registration>(s =>
                s.RegisterAsync(actor, Slug, input, CancellationToken.None));
        }, e => _problem = e);
    }
}
