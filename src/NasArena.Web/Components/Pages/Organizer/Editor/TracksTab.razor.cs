using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

public sealed partial class TracksTab
{
    [Parameter, EditorRequired] public Competition Competition { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    private readonly Dictionary<Guid, TrackForm> _forms = [];
    private TrackForm _new = NewForm(TrackCatalog.All[0].Kind);
    private string? _newSlug;

    private sealed class TrackForm
    {
        public TrackKind Kind { get; set; }
        public string? Title { get; set; }
        public double MaxMiB { get; set; }
        public JsonObject Settings { get; set; } = [];
        public string? Error { get; set; }
        public string? Saved { get; set; }

        public TrackInput Input(string slug) => new(slug, Title ?? "", Kind, JsonSerializer.SerializeToElement(Settings), (long)Math.Round(MaxMiB * (1 << 20)));
    }

    private TrackForm FormOf(Track track)
    {
        if (!_forms.TryGetValue(track.Id, out var form))
        {
            form = new TrackForm
            {
                Kind = track.Kind,
                Title = track.Title,
                MaxMiB = track.MaxSubmissionBytes / (double)(1 << 20),
                Settings = JsonNode.Parse(track.SettingsJson) as JsonObject ?? []
            };
            _forms[track.Id] = form;
        }
        return form;
    }

    /// <summary>A new track's form: the kind's largest submission by default (its descriptor's), no settings.</summary>
    private static TrackForm NewForm(TrackKind kind) => new() { Kind = kind, MaxMiB = TrackCatalog.Get(kind).Files.DefaultMaxBytes / (double)(1 << 20), Settings = [] };

    private void KindChanged(TrackKind kind)
    {
        var title = _new.Title;
        _new = NewForm(kind);
        _new.Title = title;
    }

    private async Task SaveAsync(Track track, TrackForm form)
    {
        (form.Error, form.Saved) = (null, null);
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            await UseAsync<CompetitionService, Track>(s => s.UpdateTrackAsync(actor, Competition.Slug, track.Slug, form.Input(track.Slug), CancellationToken.None));
            form.Saved = "Track saved.";
            await Changed.InvokeAsync();
        }, error => form.Error = error);
    }

    private async Task AddAsync()
    {
        (_new.Error, _new.Saved) = (null, null);
        var actor = await ActorAsync();
        await RunAsync(async () =>
        {
            var track = await UseAsync<CompetitionService, Track>(s => s.CreateTrackAsync(actor, Competition.Slug, _new.Input((_newSlug ?? "").Trim()), CancellationToken.None));
            _new = NewForm(TrackCatalog.All[0].Kind);
            _new.Saved = $"Track '{track.Title}' added.";
            _newSlug = null;
            await Changed.InvokeAsync();
        }, error => _new.Error = error);
    }
}
