using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class PhasesTab
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    private readonly Dictionary<Guid, PhaseForm> _forms = [];
    private readonly Dictionary<Guid, PhaseForm> _new = [];

    private PhaseForm FormOf(Phase phase)
    {
        if (!_forms.TryGetValue(phase.Id, out var form))
        {
            _forms[phase.Id] = form = PhaseForm.Of(phase);
        }
        return form;
    }

    private PhaseForm NewFormOf(Track track)
    {
        if (!_new.TryGetValue(track.Id, out var form))
        {
            _new[track.Id] = form = PhaseForm.New(track);
        }
        return form;
    }

    private async Task SaveAsync(Phase phase, PhaseForm form)
    {
        var actor = await ActorAsync();
        await form.RunAsync(async input =>
        {
            await UseAsync<CompetitionService, Phase>(s => s.UpdatePhaseAsync(actor, phase.Id, input, CancellationToken.None));
            return "Phase saved.";
        });
        await Changed.InvokeAsync();
    }

    private async Task AddAsync(Track track, PhaseForm form)
    {
        var actor = await ActorAsync();
        var added = await form.RunAsync(async input =>
        {
            var phase = await UseAsync<CompetitionService, Phase>(s => s.CreatePhaseAsync(actor, Competition.Slug, track.Slug, input, CancellationToken.None));
            return $"Phase '{phase.Title}' added.";
        });
        if (added)
        {
            await Changed.InvokeAsync();
            // Made afresh from the reloaded track: the next phase starts where this one ends.
            _new.Remove(track.Id);
        }
    }
}
