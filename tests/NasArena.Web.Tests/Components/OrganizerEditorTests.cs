using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Pages.Organizer.Editor;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Tests.Components;

/// <summary>The organizer editor's validation: which tab is complete, and what the pre-publish check lists and blocks.</summary>
[Trait("Category", "Unit")]
public sealed class OrganizerEditorTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddScoped<BrowserTimeZone>();
        _bunit.Services.AddSingleton(new SandboxCeilings(12L << 30, 3600, 120, 2L << 30, 512, 8, 4, 0, ["registry.example/sandbox:2"], ["/usr/bin/python3"]));
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static Competition Ready()
    {
        var competition = new Competition { Slug = "c", Title = "C", Description = "What it is", Rules = "Be fair" };
        var track = new Track { Slug = "prediction", Title = "Prediction", Kind = TrackKind.Predictor };
        var phase = new Phase { Slug = "one", Title = "One", StartsAt = T0, EndsAt = T0.AddDays(10), PrimaryMetric = "kendall_tau" };
        phase.Assets.Add(new PhaseAsset { Kind = "query-set", Name = "query-set", Validation = AssetValidation.Valid });
        track.Phases.Add(phase);
        competition.Tracks.Add(track);
        return competition;
    }

    private static List<PublishItem> Check(Competition c, bool baseline = true) =>
        PublishCheck.Run(c, baseline ? c.Tracks.SelectMany(t => t.Phases).Select(p => p.Id).ToHashSet() : [], organizers: 1);

    [Fact]
    public void ACompetitionWithDetailsATrackAPhaseItsQuerySetAndABaselinePassesWithNothingListed()
    {
        Assert.Empty(Check(Ready()));
    }

    [Fact]
    public void AnEmptyDraftIsBlockedOnItsDescriptionRulesAndTracks()
    {
        var items = Check(new Competition { Slug = "c", Title = "C" });
        Assert.All(items, i => Assert.True(i.Blocks));
        Assert.Equal([SetupPart.Details, SetupPart.Details, SetupPart.Tracks], items.Select(i => i.Part));
        Assert.Contains(items, i => i.Text.Contains("no rules", StringComparison.Ordinal));
    }

    [Fact]
    public void APhaseWithoutItsHiddenQuerySetBlocksOnTheAssetsTab()
    {
        var c = Ready();
        c.Tracks[0].Phases[0].Assets.Clear();
        var item = Assert.Single(Check(c));
        Assert.Equal(SetupPart.Assets, item.Part);
        Assert.Equal("Phase 'Prediction · One' has no hidden query-set: the scorer has nothing to score against.", item.Text);
    }

    [Fact]
    public void AGapBetweenTwoPhasesOfATrackIsListedWithBothDatesInUtc()
    {
        var c = Ready();
        var next = new Phase { Slug = "two", Title = "Two", StartsAt = T0.AddDays(12), EndsAt = T0.AddDays(20), PrimaryMetric = "kendall_tau" };
        next.Assets.Add(new PhaseAsset { Kind = "query-set", Name = "query-set" });
        c.Tracks[0].Phases.Add(next);
        var item = Assert.Single(Check(c));
        Assert.True(item.Blocks);
        Assert.Equal(SetupPart.Phases, item.Part);
        Assert.Contains("gap between phases 'One' (ends 2026-12-11 00:00 UTC) and 'Two' (starts 2026-12-13 00:00 UTC)", item.Text);
    }

    [Fact]
    public void APrimaryMetricTheTracksKindDoesNotProduceBlocksAndNamesTheOnesItDoes()
    {
        var c = Ready();
        c.Tracks[0].Phases[0].PrimaryMetric = "score";
        var item = Assert.Single(Check(c));
        Assert.Contains("ranks by 'score', which a Predictor track does not produce", item.Text);
        Assert.Contains("kendall_tau", item.Text);
    }

    [Fact]
    public void AMissingBaselineIsAdviceThatDoesNotBlockPublishing()
    {
        var item = Assert.Single(Check(Ready(), baseline: false));
        Assert.False(item.Blocks);
        Assert.Contains("has no baseline", item.Text);
    }

    [Theory]
    [InlineData(AssetValidation.Pending, "still being validated on a worker")]
    [InlineData(AssetValidation.Invalid, "was refused by the scorer: 3 rows lack 'acc'")]
    public void AHiddenAssetNotYetFoundValidBlocks(AssetValidation validation, string expected)
    {
        var c = Ready();
        var asset = c.Tracks[0].Phases[0].Assets[0];
        (asset.Validation, asset.ValidationMessage) = (validation, "3 rows lack 'acc'");
        Assert.Contains(expected, Assert.Single(Check(c)).Text);
    }

    [Fact]
    public void TheAssetsTabShowsEachHiddenFilesSizeSha256AndWhatTheScorerSaidPendingOnWhichQueueOrInvalidWithTheReason()
    {
        static PhaseAsset Asset(string kind, AssetValidation validation, string? message, long size) => new()
        {
            Kind = kind,
            Name = kind,
            Validation = validation,
            ValidationMessage = message,
            Artifact = new Artifact { ObjectKey = "k", Sha256 = new string(kind[0], 64), ContentType = "application/json", FileName = kind + ".json", SizeBytes = size },
        };
        const string reason = "Benchmark entry 'arch2': '8-8-8-16-16-32-99': position 7 is 99, not one of the allowed {16, 24, 32}.";
        var c = new Competition { Slug = "c", Title = "C" };
        c.Tracks.Add(new Track
        {
            Slug = "supernet",
            Title = "Supernet",
            Kind = TrackKind.Supernet,
            SettingsJson = """{"space": "demo"}""",
            Phases = [new Phase { Slug = "s", Title = "S", StartsAt = T0, EndsAt = T0.AddDays(1), PrimaryMetric = "kendall_tau", Assets =
            [
                Asset("benchmark", AssetValidation.Invalid, reason, 388),
                Asset("eval-data", AssetValidation.Pending, null, 3 << 20),
                Asset("calibration-data", AssetValidation.Valid, null, 1536),
            ] }]
        });
        var cut = _bunit.Render<AssetsTab>(p => p.Add(x => x.Competition, c));

        var invalid = cut.Find("[data-testid=asset-benchmark-benchmark]");
        Assert.Equal("invalid", invalid.QuerySelector(".nasarena-validation")!.GetAttribute("data-validation"));
        Assert.Equal(reason, invalid.QuerySelector(".nasarena-validation-reason")!.TextContent);
        Assert.Equal("388 bytes", invalid.QuerySelector(".nasarena-size")!.TextContent);
        var pending = cut.Find("[data-testid=asset-eval-data-eval-data]");
        Assert.Equal("pending a worker of the gpu queue is checking it", string.Join(' ', pending.QuerySelector(".nasarena-validation")!.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("3 MiB", pending.QuerySelector(".nasarena-size")!.TextContent);
        var valid = cut.Find("[data-testid=asset-calibration-data-calibration-data]");
        Assert.Equal(new string('c', 64), valid.QuerySelector(".nasarena-sha")!.TextContent);
        Assert.Equal("1.5 KiB", valid.QuerySelector(".nasarena-size")!.TextContent);
        Assert.Null(valid.QuerySelector(".nasarena-validation-reason"));
        // Each cell names its column: on a phone the table becomes labelled lines (app.css), so the label must be there.
        Assert.All(cut.FindAll(".nasarena-assets tbody td"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
    }

    [Fact]
    public void TheAssetsTabOffersALatencyCalibrationOnlyOnPhasesOfAKindThatTakesALatencyTable()
    {
        var c = new Competition { Slug = "c", Title = "C" };
        var fronts = new Phase { Slug = "f", Title = "F", StartsAt = T0, EndsAt = T0.AddDays(1), PrimaryMetric = "hypervolume" };
        var supernet = new Phase { Slug = "s", Title = "S", StartsAt = T0, EndsAt = T0.AddDays(1), PrimaryMetric = "kendall_tau" };
        c.Tracks.Add(new Track { Slug = "fronts", Title = "Fronts", Kind = TrackKind.HardwareMultiObjective, SettingsJson = """{"space": "demo", "cost": "latency"}""", Phases = [fronts] });
        c.Tracks.Add(new Track { Slug = "supernet", Title = "Supernet", Kind = TrackKind.Supernet, SettingsJson = """{"space": "demo"}""", Phases = [supernet] });
        var cut = _bunit.Render<AssetsTab>(p => p.Add(x => x.Competition, c));

        var panel = cut.Find($"[data-testid=calibrate-{fronts.Id}]");
        Assert.Contains("Calibrate latency", panel.TextContent);
        Assert.Empty(cut.FindAll($"[data-testid=calibrate-{supernet.Id}]"));
    }

    [Fact]
    public void ASupernetTrackNeedsItsSearchSpaceAndInCheckpointModeItsEvaluationData()
    {
        var c = Ready();
        c.Tracks.Add(new Track
        {
            Slug = "supernet",
            Title = "Supernet",
            Kind = TrackKind.Supernet,
            SettingsJson = "{}",
            Phases = [new Phase { Slug = "s", Title = "S", StartsAt = T0, EndsAt = T0.AddDays(1), PrimaryMetric = "kendall_tau",
                Assets = [new PhaseAsset { Kind = "benchmark", Name = "benchmark" }] }]
        });
        var items = Check(c);
        Assert.Contains(items, i => i.Part == SetupPart.Tracks && i.Text.Contains("search space (setting 'space')", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Part == SetupPart.Assets && i.Text.Contains("has no hidden eval-data", StringComparison.Ordinal));
        c.Tracks[1].SettingsJson = """{"space": "demo", "mode": "score-file"}""";
        Assert.Empty(Check(c)); // a score file is ranked against the benchmark alone
    }

    [Fact]
    public void EachTabSaysWhetherItIsCompleteOrHowManyThingsToFix()
    {
        var c = Ready();
        c.Tracks[0].Phases[0].Assets.Clear();
        c.Rules = "";
        var items = Check(c);
        Assert.Equal("Details and rules (1 to fix)", SetupStatus.Label(items, SetupPart.Details));
        Assert.Equal("Hidden assets (1 to fix)", SetupStatus.Label(items, SetupPart.Assets));
        Assert.Equal("Tracks (complete)", SetupStatus.Label(items, SetupPart.Tracks));
        Assert.Equal("Phases (complete)", SetupStatus.Label(items, SetupPart.Phases));
    }

    [Fact]
    public void TheChecklistShowsWhatBlocksBeforeTheAdviceAndSaysWhenItPasses()
    {
        var failing = _bunit.Render<SetupChecklist>(p => p.Add(x => x.Items, [
            new PublishItem(SetupPart.Phases, false, "Phase 'P' has no baseline."),
            new PublishItem(SetupPart.Assets, true, "Phase 'P' has no hidden query-set.")]));
        Assert.Equal("1 thing(s) to fix before publishing:", failing.Find("[data-testid=publish-check-fails]").TextContent.Trim());
        var rows = failing.FindAll("li");
        Assert.Equal("Missing · Hidden assets: Phase 'P' has no hidden query-set.", rows[0].TextContent.Trim());
        Assert.Equal("Advice · Phases: Phase 'P' has no baseline.", rows[1].TextContent.Trim());
        Assert.Empty(failing.FindAll("[data-testid=publish-check-passes]"));

        var passing = _bunit.Render<SetupChecklist>(p => p.Add(x => x.Items, [new PublishItem(SetupPart.Phases, false, "advice")]));
        Assert.Contains("The pre-publish check passes", passing.Find("[data-testid=publish-check-passes]").TextContent);
    }

    [Fact]
    public void AUtcFieldReadsOnlyUtcTimesInItsStatedFormat()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero), UtcField.Parse(" 2026-12-31 23:59 ").At);
        Assert.Equal("'31/12/2026' is not a UTC time written as yyyy-MM-dd HH:mm (e.g. 2026-12-31 23:59).", UtcField.Parse("31/12/2026").Problem);
        var cut = _bunit.Render<UtcField>(p => p.Add(x => x.Label, "Ends").Add(x => x.Value, new DateTimeOffset(2026, 12, 1, 18, 45, 0, TimeSpan.Zero)));
        Assert.Contains("Ends (UTC, yyyy-MM-dd HH:mm)", cut.Markup);
        Assert.Contains("2026-12-01 18:45 UTC", cut.Find(".nasarena-utc-echo").TextContent);
    }

    [Fact]
    public async Task APhasesTieLevelOutsideHalfToOneIsRefusedInTheFormWithTheApisWordsAndTheUncertaintySettingsAreSaved()
    {
        var track = Ready().Tracks.Single();
        var form = PhaseForm.Of(track.Phases.Single());
        Assert.Equal((true, 0.95), (form.ShowUncertainty, form.TieLevel));
        var cut = _bunit.Render<PhaseFields>(p => p.Add(x => x.Form, form).Add(x => x.Track, track));
        Assert.Contains("Show participants the score intervals", cut.Find(".nasarena-show-uncertainty").TextContent);

        // Typed into the field: the field says what is wrong as soon as it loses focus.
        var input = cut.Find(".nasarena-tie-level input");
        input.Change("1");
        input.Blur();
        cut.WaitForAssertion(() => Assert.Contains("at least 0.5 and below 1 (got 1)", cut.Find(".nasarena-tie-level").TextContent));
        Assert.Equal(1.0, form.TieLevel);

        // Saving: nothing goes to the service, and the form says what the API would say.
        PhaseInput? sent = null;
        Task<string> Save(PhaseInput i) { sent = i; return Task.FromResult("Saved."); }
        foreach (var (level, says) in new (double?, string)[] { (1, "(got 1)"), (0.4, "(got 0.4)"), (null, "Give the phase a tie level") })
        {
            form.TieLevel = level;
            Assert.False(await form.RunAsync(Save));
            Assert.Contains(says, form.Error);
            Assert.Null(sent);
        }
        Assert.Equal(CompetitionService.TieLevelProblem(0.4), (await Refused(0.4)).Error);

        form.TieLevel = 0.5;
        form.ShowUncertainty = false;
        Assert.True(await form.RunAsync(Save));
        Assert.Equal((false, 0.5), (sent!.ShowUncertainty, sent.TieLevel));

        async Task<PhaseForm> Refused(double level)
        {
            var other = PhaseForm.Of(track.Phases.Single());
            other.TieLevel = level;
            await other.RunAsync(Save);
            return other;
        }
    }

    [Fact]
    public void TheUnseenDataSettingsShowThePlatformsCeilingsBesideTheirFields()
    {
        var cut = _bunit.Render<TrackSettingsForm>(p => p.Add(c => c.Kind, TrackKind.UnseenData).Add(c => c.Settings, new System.Text.Json.Nodes.JsonObject()));
        var text = cut.Markup;
        foreach (var expected in new[] { "Platform ceiling: 3600 s", "Platform ceiling: 12 GiB", "Platform ceiling: 2 GiB", "Platform ceiling: 512",
                     "Platform ceiling: 4 cores; above 0" })
            Assert.Contains(expected, text);
        var caption = cut.Find("[data-testid=settings-note]").TextContent;
        Assert.Contains("Docker GPUs 0 per run", caption);
        Assert.Contains("registry.example/sandbox:2", caption);
        Assert.Contains("/usr/bin/python3", caption);
    }
}
