using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 24, item 1, in Chromium: the editor's kind list and each kind's settings form come from the descriptors. The
/// organizer picks the supernet kind, sets its space and mode in the generated form, adds the track, then looks at the
/// unseen-data form with the operator's ceilings beside its fields.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class KindSettingsJourneyTests(ChromiumHost chromium)
{
    static KindSettingsJourneyTests() => SetDefaultExpectTimeout(90_000);

    [GeneratedRegex("^Tracks")] private static partial Regex TracksTab();

    private async Task<string> DraftAsync()
    {
        var slug = "kinds-" + Guid.NewGuid().ToString("N")[..6];
        await chromium.Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<NasArenaDb>();
            var organizer = await db.Users.SingleAsync(u => u.Email == $"org-{chromium.Demo.Slug}@example.org");
            await sp.GetRequiredService<CompetitionService>().CreateAsync(new Actor(organizer.Id, false),
                new CompetitionInput(slug, "Kinds", "Every kind's settings.", "Be fair.", RequiresApproval: false), CancellationToken.None);
            return 0;
        });
        return slug;
    }

    private async Task PickKindAsync(IPage page, string kind)
    {
        await page.Locator(".mud-select").Filter(new() { HasText = "Kind" }).Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = kind }).First.ClickAsync();
    }

    [Fact]
    public async Task AnOrganizerAddsASupernetTrackThroughItsGeneratedFormAndSeesTheUnseenDataCeilings()
    {
        var slug = await DraftAsync();
        await using var journey = await chromium.StartAsync("kinds");
        var page = journey.Page;
        await journey.SignInAsync($"org-{chromium.Demo.Slug}@example.org", UiDemo.Password, $"/organize/{slug}");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = TracksTab() }).ClickAsync();

        // The supernet kind: its schema's fields, its choices' defaults shown, nothing saved until set.
        await PickKindAsync(page, "Supernet");
        await Expect(page.GetByLabel("Search space (built-in name, e.g. demo)")).ToBeVisibleAsync();
        await Expect(page.GetByText("Metrics this kind produces: kendall_tau (higher is better), spearman_rho")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Largest submission, MiB")).ToHaveValueAsync("16");
        await page.GetByLabel("Track slug").FillAsync("supernet");
        await page.GetByLabel("Track title").FillAsync("Supernet ranking");
        await page.GetByLabel("Search space (built-in name, e.g. demo)").FillAsync("demo");
        await page.GetByLabel("Search space (built-in name, e.g. demo)").BlurAsync();
        await page.GetByLabel("Batch size (default 256)").FillAsync("128");
        await page.GetByLabel("Batch size (default 256)").BlurAsync();
        await Expect(page.GetByTestId("settings-json")).ToHaveTextAsync("{\"space\":\"demo\",\"batchSize\":128}");
        await journey.ShotAsync("supernet-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add track" }).ClickAsync();
        var track = page.GetByTestId("track-supernet");
        await Expect(track).ToBeVisibleAsync();
        await Expect(track.GetByTestId("settings-json")).ToHaveTextAsync("{\"space\":\"demo\",\"batchSize\":128}");

        // The unseen-data kind: the operator's ceilings beside the fields, and what else the platform caps.
        await PickKindAsync(page, "Unseen data");
        await Expect(page.GetByText("Platform ceiling: 7200 s")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Largest submission, MiB").Last).ToHaveValueAsync("50");
        await Expect(page.GetByTestId("settings-note")).ToContainTextAsync("Also capped by the platform: CPU threads 16");
        await journey.ShotAsync("unseen-data-form");

        var stored = await chromium.Host.DbAsync(db => db.Tracks.SingleAsync(t => t.Competition!.Slug == slug && t.Slug == "supernet"));
        Assert.Equal(NasArena.Scoring.Contract.TrackKind.Supernet, stored.Kind);
        Assert.Equal(16L << 20, stored.MaxSubmissionBytes);
    }
}
