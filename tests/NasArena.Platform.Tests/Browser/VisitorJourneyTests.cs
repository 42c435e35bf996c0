using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>A visitor, not signed in, finds the competitions and reads a leaderboard in Chromium.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class VisitorJourneyTests(ChromiumHost chromium)
{
    static VisitorJourneyTests() => SetDefaultExpectTimeout(30_000); // a loaded 2-core machine renders slowly; nothing here is timed

    private UiDemo Demo => chromium.Demo;

    [Fact]
    public async Task AVisitorOpensTheHomePageAndSeesWhenTheOpenPhaseClosesInUtcAndInTheirOwnTimeZone()
    {
        await using var journey = await chromium.StartAsync("visitor-home", timeZone: "Asia/Tokyo");
        await journey.GoAsync("/");
        var card = journey.Page.Locator(".nasarena-competition", new() { HasText = Demo.Title });
        await Expect(card).ToContainTextAsync("Replay is open until");
        await Expect(card).ToContainTextAsync("UTC");
        await Expect(card.Locator(".nasarena-local").First).ToContainTextAsync("Asia/Tokyo");
        await journey.ShotAsync("home");
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AVisitorReadsTheCompetitionsTabsAndALeaderboardWithTheBaselineMarkedThenSortsAndPages()
    {
        await using var journey = await chromium.StartAsync("visitor-leaderboard");
        var page = journey.Page;
        await journey.GoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = Demo.Title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Demo.Title, Level = 1 })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await Expect(page.GetByText("Sign in or register to join this competition.")).ToBeVisibleAsync();
        await journey.ShotAsync("overview");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Phases" }).ClickAsync();
        var final = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Final" });
        await Expect(final).ToContainTextAsync("upcoming");
        await Expect(final).ToContainTextAsync("2 submissions"); // per day
        await journey.ShotAsync("phases");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Data" }).ClickAsync();
        var download = page.GetByRole(AriaRole.Link, new() { Name = "training-data" });
        await Expect(download).ToHaveAttributeAsync("href", new Regex($"/api/v1/phases/{Demo.OpenPhaseId}/assets/.+/download$"));
        await journey.ShotAsync("data");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Leaderboards" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Replay leaderboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Performance prediction · Replay leaderboard" })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();

        // The baseline is pinned above the ranked teams, marked, and unranked.
        var baselines = page.Locator(".nasarena-baselines");
        await Expect(baselines).ToContainTextAsync(Demo.BaselineTeam);
        await Expect(baselines.Locator(".nasarena-baseline-badge")).ToHaveTextAsync("Baseline");
        var board = page.Locator(".nasarena-board");
        await Expect(board.Locator("thead")).ToContainTextAsync("kendall_tau (primary)");
        await Expect(board.Locator("thead")).ToContainTextAsync("lower is better"); // rmse
        await Expect(board.Locator("thead")).ToContainTextAsync("higher is better");
        var rows = board.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(rows.First).ToContainTextAsync("Team 01");
        await Expect(board).Not.ToContainTextAsync(Demo.BaselineTeam);
        // Each entry's interval beside the primary metric, and which teams the leader cannot be told from (ADR 0018).
        await Expect(board.Locator("thead")).ToContainTextAsync("95 % interval");
        await Expect(rows.First.Locator(".nasarena-interval")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\[0\.\d{4}, 0\.\d{4}\]$"));
        await Expect(rows.Locator(".nasarena-interval")).ToHaveCountAsync(25); // every entry's, not only the leader's
        await Expect(rows.Last.Locator(".nasarena-interval")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\[0\.\d{4}, 0\.\d{4}\]$"));
        await Expect(rows.Nth(1).Locator(".nasarena-tied")).ToHaveTextAsync("statistically tied with rank 1");
        await Expect(rows.First.Locator(".nasarena-tied")).ToHaveCountAsync(0);
        await Expect(rows.Nth(9).Locator(".nasarena-tied")).ToHaveCountAsync(0);
        await Expect(page.Locator(".nasarena-uncertainty-note")).ToContainTextAsync("1000 resamples");
        await journey.ShotAsync("leaderboard");

        // Below the table: the top ten teams' best score over time, named in the legend in rank order, the baseline dashed.
        var chart = page.Locator("figure.nasarena-progress");
        await chart.ScrollIntoViewIfNeededAsync();
        await Expect(chart.GetByRole(AriaRole.Img, new() { Name = "Best kendall_tau over time per team" })).ToBeVisibleAsync();
        var legend = chart.Locator(".nasarena-legend li");
        await Expect(legend).ToHaveCountAsync(11);
        await Expect(legend.First).ToHaveTextAsync("1. Team 01");
        await Expect(legend.Nth(9)).ToHaveTextAsync("10. Team 10");
        await Expect(legend.Last).ToHaveTextAsync($"{Demo.BaselineTeam} (baseline)");
        await Expect(chart.Locator("svg.nasarena-progress-svg")).ToContainTextAsync("Time (UTC)");
        await Expect(chart.Locator("svg.nasarena-progress-svg")).ToContainTextAsync("kendall_tau (↑ higher is better)");
        await chart.ScreenshotAsync(new() { Path = Path.Combine(ChromiumHost.Screenshots, "visitor-leaderboard-progress-chart.png") });

        // Server-side paging: the second page holds ranks 26 to 30.
        await board.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(Demo.Teams - 25);
        await Expect(rows.First).ToContainTextAsync("Team 26");
        await journey.ShotAsync("leaderboard-page-2");

        // Sorting by another metric (lowest RMSE first) reorders the teams across pages.
        await board.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync("Team 01");
        await board.Locator("thead").GetByText("rmse").ClickAsync();
        await Expect(rows.First).ToContainTextAsync("Team 08");
        await journey.ShotAsync("leaderboard-by-rmse");
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AtTheWidthOfASmallPhoneThePagesDoNotScrollSideways()
    {
        await using var journey = await chromium.StartAsync("phone", width: 375, height: 740);
        foreach (var (path, step) in new[] { ("/", "home"), ($"/competitions/{Demo.Slug}", "competition"), ($"/phases/{Demo.OpenPhaseId}/leaderboard", "leaderboard") })
        {
            await journey.GoAsync(path);
            await journey.Page.Locator("h1").First.WaitForAsync();
            var widths = await journey.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (content, viewport) = (widths[0], widths[1]);
            await journey.ShotAsync(step);
            Assert.True(content <= viewport, $"{path} is {content} px wide in a {viewport} px window: it scrolls sideways.");
            if (step == "leaderboard")
            {
                // The progress chart scales down to the phone's width, its legend wrapping under it.
                await journey.Page.Locator("figure.nasarena-progress").ScreenshotAsync(new() { Path = Path.Combine(ChromiumHost.Screenshots, "phone-leaderboard-progress-chart.png") });
            }
        }
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task TheKeyboardReachesTheMainNavigationInOrderAndEveryFormControlHasALabel()
    {
        await using var journey = await chromium.StartAsync("keyboard");
        var page = journey.Page;
        await journey.GoAsync("/");
        // A page load puts the focus on its heading (for screen readers): Tab goes on into the content, Shift+Tab back
        // through the navigation, which ends with Register.
        const string Focused = "() => document.activeElement.textContent.trim()";
        // FocusOnNavigate moves the focus once the circuit has rendered; a Tab pressed before that is undone by it
        // (CI saw the focus land on the H1 after the Tab), so the journey waits as a person's eyes would.
        await page.WaitForFunctionAsync("() => document.activeElement?.tagName === 'H1'");
        await page.Keyboard.PressAsync("Tab");
        // The first competition's link (other journeys of this collection add competitions, so not always the demo's).
        var first = await page.EvaluateAsync<string>(Focused);
        Assert.Equal("A", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        Assert.False(string.IsNullOrWhiteSpace(first), "The first Tab reached a link without a name.");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Register", await page.EvaluateAsync<string>(Focused));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = first, Level = 1 })).ToBeVisibleAsync();

        foreach (var path in new[] { "/account/register", "/account/sign-in" })
        {
            await journey.GoAsync(path, interactive: false);
            var unlabelled = await page.EvaluateAsync<string[]>(UnlabelledControls);
            Assert.True(unlabelled.Length == 0, $"{path} has controls without a label: {string.Join(", ", unlabelled)}");
        }
        journey.AssertNoErrors();
    }

    /// <summary>Visible inputs, selects and text areas with neither a label element nor an aria-label.</summary>
    public const string UnlabelledControls = """
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
          .filter(e => (e.labels?.length ?? 0) === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
          .map(e => e.outerHTML.slice(0, 120))
        """;
}
