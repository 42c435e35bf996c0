using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Submissions;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Shared.Submissions;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 14's "a rescore after changing a track setting shows the diff", in Chromium: an organizer lowers the top-k share
/// in the competition editor, rescores the phase from the submissions page, and reads on the rescores page and on each
/// submission's page what moved and why. A competition of its own (<see cref="TopKFlip"/>'s three teams), so the shared
/// demo's board stays as the other journeys expect it.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RescoreJourneyTests(ChromiumHost chromium)
{
    static RescoreJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    private sealed record Arena(string Slug, Guid PhaseId, Person Organizer, Dictionary<string, Person> Members, Dictionary<string, Guid> Ids);

    /// <summary>A prediction track at 10 % top-k, ranked by top-k precision, with Alpha, Bravo and Charlie scored.</summary>
    private async Task<Arena> CreateAsync()
    {
        var slug = "rescore-" + Guid.NewGuid().ToString("N")[..6];
        var querySet = Scenario.Track2QuerySet();
        var (organizer, phaseId, members) = await Host.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var competitions = sp.GetRequiredService<CompetitionService>();
            var org = await Person.RegisterAsync(sp, "org-" + slug, "Rescore organizer", organizer: true);
            await competitions.CreateAsync(org.Actor, new CompetitionInput(slug, "Rescore arena", "Find the best architectures.", "Be fair.", RequiresApproval: false), ct);
            await competitions.CreateTrackAsync(org.Actor, slug, new TrackInput("prediction", "Prediction", TrackKind.Predictor,
                JsonSerializer.SerializeToElement(new { topKPercent = 10 }), null), ct);
            var now = DateTimeOffset.UtcNow;
            var phase = await competitions.CreatePhaseAsync(org.Actor, slug, "prediction",
                new PhaseInput("stage-1", "Stage 1", now.AddDays(-1), now.AddDays(20), 20, 100, "top_k_precision", true, false), ct);
            await sp.GetRequiredService<AssetService>().UploadAsync(org.Actor, phase.Id, "query-set", "query-set", false, "query-set.json",
                "application/json", new MemoryStream(Scenario.QuerySetJson(querySet)), ct);
            await competitions.PublishAsync(org.Actor, slug, ct);
            var people = new Dictionary<string, Person>();
            foreach (var (team, _, _, _, _, _) in TopKFlip.Teams)
            {
                people[team] = await Person.RegisterAsync(sp, team.ToLowerInvariant() + "-" + slug, team);
                await competitions.RegisterAsync(people[team].Actor, slug, new RegistrationInput(true, team, null), ct);
            }
            return (org, phase.Id, people);
        });
        var rows = new SubmissionRows(Host);
        var ids = new Dictionary<string, Guid>();
        foreach (var (team, order, at10, _, _, _) in TopKFlip.Teams)
        {
            ids[team] = await Host.InScopeAsync(async sp => (await sp.GetRequiredService<SubmissionService>().SubmitAsync(members[team].Actor, phaseId,
                $"{team}.csv", "text/csv", new MemoryStream(TopKFlip.Csv(querySet, order)), null, false, CancellationToken.None)).Id);
            var scored = await rows.WaitForAsync(ids[team], s => s.Status is SubmissionStatus.Scored or SubmissionStatus.Failed, "was scored");
            Assert.Equal(SubmissionStatus.Scored, scored.Status);
            Assert.Equal(at10, scored.Score!.PublicPrimary!.Value, 12);
        }
        return new Arena(slug, phaseId, organizer, members, ids);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{what} is {widths[0]} px wide in a {widths[1]} px window: it scrolls sideways.");
    }

    /// <summary>The cell lies within the window's width: not off to the right of a table that scrolls inside itself.</summary>
    private static async Task AssertWithinTheWidthAsync(ILocator cell, string what)
    {
        var right = await cell.EvaluateAsync<double>("e => e.getBoundingClientRect().right - window.innerWidth");
        Assert.True(right <= 0, $"{what} ends {right} px to the right of the window: the reader must scroll the table to see it.");
    }

    [Fact]
    public async Task AnOrganizerLowersTheTopKShareRescoresThePhaseAndReadsEachTeamsRankChangeWithTheTrackSettingsAsTheCause()
    {
        var arena = await CreateAsync();
        await using var journey = await chromium.StartAsync("rescore");
        var page = journey.Page;

        // The editor: the track's top-k share from 10 % to 2 %.
        await journey.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/organize/{arena.Slug}");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Tracks") }).ClickAsync();
        var track = page.GetByTestId("track-prediction");
        await Expect(track.GetByTestId("settings-json")).ToHaveTextAsync("{\"topKPercent\":10}");
        var topK = track.GetByLabel("Top-k share for top-k precision (%; default 10)");
        await Expect(topK).ToHaveValueAsync("10");
        await topK.FillAsync("2");
        await topK.BlurAsync();
        await Expect(track.GetByTestId("settings-json")).ToHaveTextAsync("{\"topKPercent\":2}");
        await track.GetByRole(AriaRole.Button, new() { Name = "Save track" }).ClickAsync();
        await Expect(track.GetByTestId("editor-saved")).ToHaveTextAsync("Track saved.");
        await Expect(topK).ToHaveValueAsync("2"); // the field keeps the whole number it was given
        await journey.ShotAsync("top-k-saved");

        // The submissions page: the phase chosen, its name typed to confirm, the whole phase rescored.
        await journey.GoAsync($"/organize/{arena.Slug}/submissions");
        await page.Locator(".nasarena-filters .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Prediction · Stage 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the filter" }).ClickAsync();
        var rescore = page.Locator(".nasarena-phase-rescore");
        var button = rescore.GetByRole(AriaRole.Button, new() { Name = "Rescore every submission of this phase" });
        await Expect(button).ToBeDisabledAsync();
        await rescore.GetByLabel("Phase name to confirm").FillAsync("Stage 1");
        await Expect(button).ToBeEnabledAsync();
        await journey.ShotAsync("rescore-confirm");
        await button.ClickAsync();
        await Expect(page.Locator(".nasarena-bulk-result")).ToHaveTextAsync("3 submission(s) of Prediction · Stage 1 queued for rescoring.");

        // Each submission's page polls until its rescore is final, then shows it in its history: old -> new and why.
        foreach (var (team, _, at10, at2, _, _) in TopKFlip.Teams)
        {
            await journey.GoAsync($"/submissions/{arena.Ids[team]}");
            var history = page.Locator(".nasarena-organizer-view .nasarena-rescore-history .nasarena-rescore-change");
            await Expect(history).ToHaveCountAsync(1);
            await Expect(page.Locator(".nasarena-status").First).ToHaveTextAsync("Scored");
            var change = history.First;
            await Expect(change).ToHaveAttributeAsync("data-to-run", "1");
            await Expect(change.Locator(".nasarena-rescore-when")).ToContainTextAsync("run 0 → 1");
            await Expect(change.Locator("tr[data-metric=top_k_precision] th")).ToHaveTextAsync("top_k_precision (primary)");
            await Expect(change.Locator("tr[data-metric=top_k_precision] .nasarena-public")).ToHaveTextAsync(
                $"{SubmissionText.Number(at10)} → {SubmissionText.Number(at2)} ({RescoreText.Signed(at2 - at10)})");
            // The other metrics are of the whole order, not of its top: unchanged by the share.
            await Expect(change.Locator("tr[data-metric=kendall_tau] .nasarena-public")).ToContainTextAsync("(0.0000)");
            await Expect(change.Locator("tbody tr").First).ToHaveAttributeAsync("data-metric", "top_k_precision");
            await Expect(change.Locator(".nasarena-why")).ToHaveTextAsync("track settings changed");
            if (team == "Alpha")
            {
                await journey.ShotAsync("alpha-history");
            }
        }

        // The rescores page: every team's rank before and after, in the new order, with the track settings as the cause.
        await journey.GoAsync($"/organize/{arena.Slug}/rescores");
        var rows = page.Locator(".nasarena-rescores tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        var expected = TopKFlip.Teams.OrderBy(t => t.RankAt2).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var (team, _, at10, at2, before, after) = expected[i];
            var row = rows.Nth(i);
            await Expect(row).ToHaveAttributeAsync("data-submission", arena.Ids[team].ToString());
            await Expect(row.Locator("td").First).ToHaveTextAsync(team);
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync($"{SubmissionText.Number(at10)} → {SubmissionText.Number(at2)}");
            await Expect(row.Locator(".nasarena-delta")).ToHaveTextAsync(RescoreText.Signed(at2 - at10));
            var arrow = before > after ? $"▲{before - after}" : $"▼{after - before}";
            await Expect(row.Locator(".nasarena-rank-change")).ToHaveTextAsync($"{before} → {after} {arrow}");
            await Expect(row.Locator(".nasarena-why")).ToHaveTextAsync("track settings changed");
        }
        Assert.Equal(("Alpha", 3, 1), (expected[0].Team, expected[0].RankAt10, expected[0].RankAt2)); // the test's own data: Alpha climbs from last to first
        await journey.ShotAsync("rescores");

        // At a phone's width each row stacks its cells: neither the page nor the table hides a column off to the right.
        await page.SetViewportSizeAsync(375, 740);
        await AssertNoSidewaysScrollAsync(page, "The rescores page");
        await AssertWithinTheWidthAsync(rows.First.Locator(".nasarena-rank-change"), "The first row's rank change");
        await AssertWithinTheWidthAsync(rows.First.Locator(".nasarena-why"), "The first row's cause");
        await journey.ShotAsync("rescores-375");

        // The row's link opens the rescored submission, its history there.
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "run 0 → 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alpha.csv", Level = 1 })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await Expect(page.Locator(".nasarena-rescore-history .nasarena-rescore-change")).ToHaveCountAsync(1);
        await page.Locator(".nasarena-rescore-history").ScrollIntoViewIfNeededAsync();
        await AssertNoSidewaysScrollAsync(page, "The submission page");
        await AssertWithinTheWidthAsync(page.Locator(".nasarena-rescore-change tr[data-metric=top_k_precision] .nasarena-private"),
            "The history's private top_k_precision");
        await journey.ShotAsync("alpha-history-375");
        await page.Locator(".nasarena-organizer-view").ScreenshotAsync(new() { Path = Path.Combine(ChromiumHost.Screenshots, "rescore-alpha-history-375-organizer-view.png") });
        journey.AssertNoErrors();

        // The team itself sees its new score, not the organizers' history.
        await using var alpha = await chromium.StartAsync("rescore-participant");
        await alpha.SignInAsync(arena.Members["Alpha"].Email, UiDemo.Password, $"/submissions/{arena.Ids["Alpha"]}");
        await Expect(alpha.Page.GetByRole(AriaRole.Heading, new() { Name = "Public metrics", Level = 2 })).ToBeVisibleAsync();
        await Expect(alpha.Page.Locator(".nasarena-primary dd").First).ToHaveTextAsync(SubmissionText.Number(1.0));
        await Expect(alpha.Page.Locator(".nasarena-organizer-view")).ToHaveCountAsync(0);
        await Expect(alpha.Page.Locator(".nasarena-rescore-history")).ToHaveCountAsync(0);
        alpha.AssertNoErrors();
    }
}
