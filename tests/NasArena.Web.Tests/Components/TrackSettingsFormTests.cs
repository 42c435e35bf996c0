using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Pages.Organizer.Editor;

namespace NasArena.Web.Tests.Components;

/// <summary>
/// Issue 24, item 1: the editor's settings form is generated from each kind's schema, so every setting the form offers is
/// one the scorer reads, with the schema's default; and a stored setting the schema refuses blocks publishing.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TrackSettingsFormTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton(new SandboxCeilings(16L << 30, 7200, 600, 4L << 30, 1024, 16, 8, 1, ["nasarena/unseen-sandbox:latest"], ["/usr/bin/python3"]));
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    public static TheoryData<TrackKind> Kinds() => [.. TrackCatalog.All.Select(d => d.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TheFormShowsEachSettingItsKindsSchemaPutsInTheFormAndNoOther(TrackKind kind)
    {
        var schema = TrackCatalog.Get(kind).Settings;
        var cut = _bunit.Render<TrackSettingsForm>(p => p.Add(c => c.Kind, kind).Add(c => c.Settings, new JsonObject()));
        var labels = cut.FindAll("label").Select(l => l.TextContent.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(schema.Fields.Where(f => f.InForm).Select(f => f.Label!), labels);
        Assert.Contains("Saved as:", cut.Markup);
    }

    [Fact]
    public void AChoiceShowsItsSchemaDefaultUntilTheOrganizerPicksAnother()
    {
        var cut = _bunit.Render<TrackSettingsForm>(p => p.Add(c => c.Kind, TrackKind.Supernet).Add(c => c.Settings, new JsonObject()));
        var inputs = cut.FindAll("input").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains("checkpoint", inputs);
        Assert.Contains("accuracy", inputs);
        Assert.Equal("{}", cut.Find("[data-testid=settings-json]").TextContent);
    }

    [Fact]
    public void AStoredSettingTheSchemaRefusesBlocksPublishing()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var competition = new Competition { Slug = "c", Title = "C", Description = "What it is", Rules = "Be fair" };
        // As if stored before the API checked settings: the row holds a batch size the scorer refuses.
        var track = new Track { Slug = "supernet", Title = "Supernet", Kind = TrackKind.Supernet, SettingsJson = """{"space": "demo", "batchSize": 0}""" };
        track.Phases.Add(new Phase { Slug = "one", Title = "One", StartsAt = t0, EndsAt = t0.AddDays(1), PrimaryMetric = "kendall_tau" });
        competition.Tracks.Add(track);
        var items = PublishCheck.Run(competition, new HashSet<Guid>(), organizers: 1);
        Assert.Contains(items, i => i.Blocks && i.Part == SetupPart.Tracks &&
            i.Text == "Track 'Supernet': Track setting 'batchSize' is 0; expected an integer from 1 to 65536.");
    }
}
