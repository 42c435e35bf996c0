using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NasArena.Platform.Leaderboards;
using NasArena.Web.Components.Shared.Charts;

namespace NasArena.Web.Tests.Components;

/// <summary>The best-score-over-time chart as a reader and a screen reader meet it.</summary>
[Trait("Category", "Unit")]
public sealed class ProgressChartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _bunit = new();

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static BoardProgress Progress(bool higherIsBetter, params TeamProgress[] teams) =>
        new(Guid.Parse("11111111-2222-3333-4444-555555555555"), Board.Public, "rmse", higherIsBetter, teams, [new BaselineLevel("Ridge", 0.05)]);

    private static TeamProgress Team(int rank, string name, params (int Hour, double Best)[] steps) =>
        new(Guid.NewGuid(), name, rank, steps.Select(s => new ProgressStep(T0.AddHours(s.Hour), s.Best)).ToList());

    [Fact]
    public void EachTeamIsALineNamedInTheLegendInRankOrderWithTheBaselineDashed()
    {
        var cut = _bunit.Render<ProgressChart>(p => p.Add(c => c.Progress,
            Progress(false, Team(1, "Alpha", (0, 0.04), (5, 0.03)), Team(2, "Beta", (2, 0.045)))));
        Assert.Equal(["1. Alpha", "2. Beta", "Ridge (baseline)"], cut.FindAll(".nasarena-legend li").Select(li => li.TextContent.Trim()));
        Assert.Equal(2, cut.FindAll("g.nasarena-progress-team path").Count);
        Assert.Single(cut.FindAll(".nasarena-progress-baseline line"));
        // A step: flat until the improvement, then straight down to it.
        Assert.Matches(@"^M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+ H\d+$", cut.Find("g[data-team='Alpha'] path").GetAttribute("d"));
    }

    [Fact]
    public void TheAxesNameTimeInUtcAndTheMetricWithItsDirection()
    {
        var cut = _bunit.Render<ProgressChart>(p => p.Add(c => c.Progress, Progress(false, Team(1, "Alpha", (0, 0.04), (100, 0.03)))));
        var texts = cut.FindAll("svg text").Select(t => t.TextContent).ToList();
        Assert.Contains("Time (UTC)", texts);
        Assert.Contains("rmse (↓ lower is better)", texts);
        Assert.Contains(texts, t => t.StartsWith("2026-12-0", StringComparison.Ordinal)); // a span of days ticks on whole days
    }

    [Fact]
    public void AScreenReaderGetsATitleADescriptionAndATableOfEveryStep()
    {
        var cut = _bunit.Render<ProgressChart>(p => p.Add(c => c.Progress, Progress(true, Team(1, "Alpha", (0, 0.4), (5, 0.5)))));
        var svg = cut.Find("svg.nasarena-progress-svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        var ids = svg.GetAttribute("aria-labelledby")!.Split(' ');
        Assert.Equal("Best rmse over time per team", cut.Find($"#{ids[0]}").TextContent);
        Assert.Contains("The leader, Alpha, reached 0.5000 at 2026-12-01 11:00 UTC", cut.Find($"#{ids[1]}").TextContent);
        var rows = cut.FindAll(".nasarena-visually-hidden table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(["Alpha2026-12-01 06:00 UTC0.4000", "Alpha2026-12-01 11:00 UTC0.5000", "Ridge (baseline)any0.0500"], rows);
    }

    [Fact]
    public void ABoardWithoutScoredEntriesSaysSoInsteadOfAnEmptyPlot()
    {
        var cut = _bunit.Render<ProgressChart>(p => p.Add(c => c.Progress, Progress(true, Team(1, "Alpha"))));
        Assert.Empty(cut.FindAll("svg.nasarena-progress-svg"));
        Assert.Contains("No team has a scored submission yet.", cut.Markup);
    }
}
