using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Tests.Components;

/// <summary>Components rendered alone with bUnit: what a reader sees for a metric's direction and for a moment in time.</summary>
[Trait("Category", "Unit")]
public sealed class ComponentTests : IAsyncLifetime
{
    // Composed, not inherited: MudBlazor's services dispose only asynchronously, and xunit 2 disposes a test class synchronously.
    private readonly BunitContext _bunit = new();

    private BunitServiceProvider Services => _bunit.Services;
    private BunitJSInterop JSInterop => _bunit.JSInterop;

    private IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : Microsoft.AspNetCore.Components.IComponent =>
        _bunit.Render(parameters);

    public Task InitializeAsync()
    {
        Services.AddMudServices();
        Services.AddScoped<BrowserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Theory]
    [InlineData(true, "↑", "higher is better")]
    [InlineData(false, "↓", "lower is better")]
    public void AMetricsDirectionIsShownAsAnArrowAndInWords(bool higherIsBetter, string arrow, string words)
    {
        var cut = Render<MetricDirection>(p => p.Add(c => c.HigherIsBetter, higherIsBetter));
        Assert.Contains(arrow, cut.Markup);
        Assert.Contains(words, cut.Find(".nasarena-direction").TextContent);
    }

    [Fact]
    public void AMetricTheCatalogueDoesNotKnowSaysItsDirectionIsUnknownRatherThanGuessing()
    {
        var cut = Render<MetricDirection>(p => p.Add(c => c.HigherIsBetter, null));
        Assert.Equal("direction unknown", cut.Find(".nasarena-direction").TextContent.Trim());
    }

    [Fact]
    public void AMomentIsShownInUtcAndThenInTheViewersNamedTimeZoneOnceTheBrowserTellsIt()
    {
        JSInterop.Setup<string?>("nasarena.timeZone").SetResult("Asia/Kolkata");
        var at = new DateTimeOffset(2026, 12, 1, 18, 45, 0, TimeSpan.Zero);
        var cut = Render<When>(p => p.Add(c => c.At, at));
        cut.WaitForAssertion(() => Assert.Contains("2026-12-02 00:15 Asia/Kolkata", cut.Find(".nasarena-local").TextContent));
        Assert.StartsWith("2026-12-01 18:45 UTC", cut.Find("time").TextContent);
        Assert.Equal("2026-12-01T18:45:00Z", cut.Find("time").GetAttribute("datetime"));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Not/AZone")]
    [InlineData(null)]
    public void AViewerInUtcOrWithAnUnknownZoneSeesUtcAlone(string? zone)
    {
        JSInterop.Setup<string?>("nasarena.timeZone").SetResult(zone);
        var cut = Render<When>(p => p.Add(c => c.At, new DateTimeOffset(2026, 12, 1, 18, 45, 0, TimeSpan.Zero)));
        Assert.Equal("2026-12-01 18:45 UTC", cut.Find("time").TextContent.Trim());
        Assert.Empty(cut.FindAll(".nasarena-local"));
    }
}
