using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.MultiObjective;
using NasArena.MultiObjective.Kind;
using NasArena.MultiObjective.Spaces;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 24, item 2: a participant opens their scored front on a hardware-aware multi-objective track and sees it plotted
/// against the true front (the organizer shows it in this phase), their dominated points dimmed; the board shows hypervolume.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FrontJourneyTests(ChromiumHost chromium)
{
    static FrontJourneyTests() => SetDefaultExpectTimeout(90_000);

    static readonly string TablePath = Path.Combine(TestServers.RepoRoot, "data", "supernet-demo", "benchmark.json");

    [Fact]
    public async Task AParticipantSeesTheirFrontAgainstTheTrueFrontWithDominatedPointsDimmed()
    {
        var host = chromium.Host;
        var slug = "fronts-" + Guid.NewGuid().ToString("N")[..6];
        var settings = JsonDocument.Parse("""{"space": "demo", "cost": "params", "maxArchitectures": 8, "showTrueFront": true}""").RootElement;
        var (phaseId, ada) = await host.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var competitions = sp.GetRequiredService<CompetitionService>();
            var organizer = await Person.RegisterAsync(sp, "org-" + slug, "Front organizer", organizer: true);
            await competitions.CreateAsync(organizer.Actor, new CompetitionInput(slug, "Fronts", "Trade accuracy for parameters.", "Be fair.", RequiresApproval: false), ct);
            await competitions.CreateTrackAsync(organizer.Actor, slug, new TrackInput("fronts", "Fronts", MultiObjectiveKind.Descriptor.Kind, settings, null), ct);
            var now = DateTimeOffset.UtcNow;
            var phase = await competitions.CreatePhaseAsync(organizer.Actor, slug, "fronts",
                new PhaseInput("open", "Open", now.AddDays(-1), now.AddDays(20), 50, 200, MultiObjectiveKind.Hypervolume, true, false), ct);
            await sp.GetRequiredService<AssetService>().UploadAsync(organizer.Actor, phase.Id, MultiObjectiveKind.BenchmarkTable, "benchmark", false,
                "benchmark.json", "application/json", File.OpenRead(TablePath), ct);
            await competitions.PublishAsync(organizer.Actor, slug, ct);
            var ada = await Person.RegisterAsync(sp, "ada-" + slug, "Ada");
            await competitions.RegisterAsync(ada.Actor, slug, new RegistrationInput(true, "Team Ada " + slug[^6..], null), ct);
            return (phase.Id, ada);
        });

        // Eight architectures of the table: what the scorer says is dominated is what the page must dim.
        var table = BenchmarkTable.Load(TablePath, ResNetSpace.Demo);
        var front = table.Architectures.Where((_, i) => i % 2 == 0).ToArray();
        var score = FrontScore.Compute(table, [.. front.Select(a => table.TryGetIndex(a, out var i) ? i : -1)], FrontSettings.Parse(settings), null);
        var id = await host.InScopeAsync(async sp => (await sp.GetRequiredService<SubmissionService>().SubmitAsync(ada.Actor, phaseId, "front.json",
            "application/json", new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(front))), "every other table architecture", false, CancellationToken.None)).Id);

        await using var journey = await chromium.StartAsync("front");
        var page = journey.Page;
        await journey.GoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString($"/submissions/{id}"), interactive: false);
        await page.GetByLabel("E-mail").FillAsync(ada.Email);
        await page.GetByLabel("Password").FillAsync(UiDemo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/submissions/{id}", StringComparison.Ordinal));
        await journey.WaitInteractiveAsync();

        var chart = page.Locator(".nasarena-front");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Public metrics")).ToContainTextAsync("hypervolume (primary)");
        Assert.Equal(score.SubmittedDominated.Count(d => d), await chart.Locator("circle.nasarena-dominated").CountAsync());
        Assert.Equal(score.SubmittedDominated.Count(d => !d), await chart.Locator("circle.nasarena-on-front").CountAsync());
        Assert.Equal(score.TrueFront.Count, await chart.Locator("circle.nasarena-true-point").CountAsync());
        Assert.True(score.SubmittedDominated.Any(d => d) && score.SubmittedDominated.Any(d => !d), "the front should show both kinds of point");
        await journey.ShotAsync("submission-front");

        await journey.GoAsync($"/phases/{phaseId}/leaderboard");
        await Expect(page.GetByText("hypervolume").First).ToBeVisibleAsync();
        await journey.ShotAsync("leaderboard");
    }
}
