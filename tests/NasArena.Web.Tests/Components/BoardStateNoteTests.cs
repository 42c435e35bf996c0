using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Finals;

namespace NasArena.Web.Tests.Components;

/// <summary>What a board says of its freeze and of the reveal (issue 25, ADR 0041), rendered alone with bUnit.</summary>
[Trait("Category", "Unit")]
public sealed class BoardStateNoteTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddScoped<BrowserTimeZone>();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Fact]
    public void AFrozenBoardSaysSinceWhenInUtcAndThatTeamsStillSeeTheirOwnScores()
    {
        var at = new DateTimeOffset(2026, 12, 7, 18, 30, 0, TimeSpan.Zero);
        var cut = _bunit.Render<BoardStateNote>(p => p.Add(c => c.PhaseId, Guid.NewGuid()).Add(c => c.FrozenSince, at));
        var note = cut.Find(".nasarena-frozen").TextContent;
        Assert.Contains("The public board is frozen since 2026-12-07 18:30 UTC", note);
        Assert.Contains("each team sees its own scores", note);
        Assert.Empty(cut.FindAll(".nasarena-revealed"));
    }

    [Fact]
    public void ARevealedPhaseLinksToItsFinalStandingsAndALiveOneSaysNothing()
    {
        var phase = Guid.NewGuid();
        var revealed = _bunit.Render<BoardStateNote>(p => p.Add(c => c.PhaseId, phase).Add(c => c.Revealed, true));
        Assert.Equal($"/phases/{phase}/final", revealed.Find(".nasarena-revealed a").GetAttribute("href"));
        var live = _bunit.Render<BoardStateNote>(p => p.Add(c => c.PhaseId, phase));
        Assert.Equal("", live.Markup.Trim());
    }
}
