using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The organizer editor in Chromium: the demo's organizer sets up a prediction competition from the real CVPR 2021 Track 2
/// data in the browser alone (track, phase in UTC, hidden query set through the resumable upload), sees the pre-publish
/// check pass and publishes; a participant is refused the editor and cannot download the hidden file.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class OrganizerJourneyTests(ChromiumHost chromium)
{
    static OrganizerJourneyTests() => SetDefaultExpectTimeout(90_000);

    [GeneratedRegex("^Details and rules")] private static partial Regex DetailsTab();
    [GeneratedRegex("^Tracks")] private static partial Regex TracksTab();
    [GeneratedRegex("^Phases")] private static partial Regex PhasesTab();
    [GeneratedRegex("^Hidden assets")] private static partial Regex AssetsTab();

    /// <summary>The demo's hidden query set as the demo seeding makes it: the real Track 2 architectures, accuracies and split.</summary>
    private static byte[] QuerySet()
    {
        var obj = new JsonObject();
        foreach (var (arch, isPrivate) in DemoData.Split(DemoData.All()).Hidden)
        {
            obj[arch.Id] = new JsonObject { ["arch"] = arch.Arch.DeepClone(), ["acc"] = arch.Acc, ["split"] = isPrivate ? "private" : "public" };
        }
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    [Fact]
    public async Task AnOrganizerSetsUpAPredictionCompetitionInTheBrowserSeesTheCheckPassAndPublishesIt()
    {
        var slug = "editor-" + Guid.NewGuid().ToString("N")[..6];
        await using var journey = await chromium.StartAsync("organizer");
        var page = journey.Page;
        await journey.SignInAsync($"org-{chromium.Demo.Slug}@example.org", UiDemo.Password, "/");

        // The app bar offers "Organize" to someone who organizes a competition.
        await page.GetByRole(AriaRole.Link, new() { Name = "Organize", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My competitions", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("organize-list")).ToContainTextAsync(chromium.Demo.Title);
        await journey.WaitInteractiveAsync();
        await journey.ShotAsync("my-competitions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create a competition" }).ClickAsync();
        await journey.WaitInteractiveAsync();

        // A bad slug: the service's own words, nothing created.
        await page.GetByLabel("Title").FillAsync("NAS predictors 2026");
        await page.GetByLabel("Slug (in the address: lower-case letters, digits, dashes)").FillAsync("Bad Slug");
        await page.GetByLabel("Description").FillAsync("Predict the accuracy of held-out CVPR 2021 Track 2 architectures.");
        await page.GetByLabel("Rules").FillAsync("One account per person.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the draft" }).ClickAsync();
        await Expect(page.GetByTestId("create-error")).ToContainTextAsync("'slug' must be 2 to 63 lower-case letters");
        await page.GetByLabel("Slug (in the address: lower-case letters, digits, dashes)").FillAsync(slug);
        // The field's value reaches the circuit on leaving it: the helper text echoing the address says it has.
        await page.GetByLabel("Slug (in the address: lower-case letters, digits, dashes)").PressAsync("Tab");
        await Expect(page.GetByText($"/competitions/{slug}", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the draft" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/organize/{slug}", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("competition-state")).ToContainTextAsync("Draft");
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = DetailsTab() })).ToHaveTextAsync(new Regex("Details and rules \\(complete\\)"));
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = TracksTab() })).ToHaveTextAsync(new Regex("Tracks \\(1 to fix\\)"));
        await Expect(page.GetByTestId("publish-check-fails")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("publish-check")).ToContainTextAsync("The competition has no track.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish the competition" })).ToBeDisabledAsync();
        await journey.ShotAsync("draft");

        // A prediction track (the kind's form: top-k share; its metrics listed).
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = TracksTab() }).ClickAsync();
        await Expect(page.GetByText("Metrics this kind produces: kendall_tau")).ToBeVisibleAsync();
        await page.GetByLabel("Track slug").FillAsync("prediction");
        await page.GetByLabel("Track title").FillAsync("Performance prediction");
        await page.GetByLabel("Top-k share for top-k precision (%; default 10)").FillAsync("5");
        await page.GetByLabel("Top-k share for top-k precision (%; default 10)").BlurAsync();
        await Expect(page.GetByTestId("settings-json")).ToHaveTextAsync("{\"topKPercent\":5}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add track" }).ClickAsync();
        await Expect(page.GetByTestId("track-prediction")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = TracksTab() })).ToHaveTextAsync(new Regex("Tracks \\(complete\\)"));
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PhasesTab() })).ToHaveTextAsync(new Regex("Phases \\(1 to fix\\)"));
        await journey.ShotAsync("track");

        // A phase, its dates typed in UTC and echoed in the viewer's zone (the browser runs in Asia/Tokyo).
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = PhasesTab() }).ClickAsync();
        var form = page.GetByTestId("new-phase-prediction");
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var starts = start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var ends = start.AddDays(30).UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await form.GetByLabel("Phase slug").FillAsync("replay");
        await form.GetByLabel("Phase title").FillAsync("Replay");
        await form.GetByLabel("Starts (UTC, yyyy-MM-dd HH:mm)").FillAsync("tomorrow");
        await form.GetByLabel("Starts (UTC, yyyy-MM-dd HH:mm)").BlurAsync();
        await Expect(form).ToContainTextAsync("'tomorrow' is not a UTC time written as yyyy-MM-dd HH:mm");
        await form.GetByLabel("Starts (UTC, yyyy-MM-dd HH:mm)").FillAsync(starts);
        await form.GetByLabel("Ends (UTC, yyyy-MM-dd HH:mm)").FillAsync(ends);
        await form.GetByLabel("Ends (UTC, yyyy-MM-dd HH:mm)").BlurAsync();
        var tokyo = TimeZoneInfo.ConvertTime(start.AddDays(30), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        await Expect(form).ToContainTextAsync($"That is {ends} UTC · {tokyo:yyyy-MM-dd HH:mm} Asia/Tokyo");
        await form.GetByLabel("Submissions per team per UTC day (empty: no limit)").FillAsync("5");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add phase" }).ClickAsync();
        await Expect(page.GetByTestId("phase-prediction-replay")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PhasesTab() })).ToHaveTextAsync(new Regex("Phases \\(complete\\)"));
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() })).ToHaveTextAsync(new Regex("Hidden assets \\(1 to fix\\)"));
        await Expect(page.GetByTestId("publish-check")).ToContainTextAsync("Phase 'Performance prediction · Replay' has no hidden query-set");
        await journey.ShotAsync("phase");

        // The hidden query set, uploaded in chunks through the REST API; its size, SHA-256 and the scorer's verdict shown.
        var uploads = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "PUT" && request.Url.Contains("/api/v1/uploads/", StringComparison.Ordinal))
            {
                uploads.Add(request.Url);
            }
        };
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() }).ClickAsync();
        var querySet = QuerySet();
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "query-set.json", MimeType = "application/json", Buffer = querySet });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("editor-saved")).ToContainTextAsync("the scorer accepted it.");
        await Expect(page.GetByTestId("asset-progress")).ToContainTextAsync("(100%)");
        var row = page.GetByTestId("asset-query-set-query-set");
        await Expect(row).ToContainTextAsync(Convert.ToHexStringLower(SHA256.HashData(querySet)));
        await Expect(row).ToContainTextAsync("organizers and the scorer only");
        await Expect(row.Locator("[data-validation=valid]")).ToBeVisibleAsync();
        Assert.NotEmpty(uploads);
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() })).ToHaveTextAsync(new Regex("Hidden assets \\(complete\\)"));

        // Nothing blocks now; the missing baseline stays as advice. Publish.
        await Expect(page.GetByTestId("publish-check-passes")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("publish-check")).ToContainTextAsync("has no baseline");
        await journey.ShotAsync("check-passes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the competition" }).ClickAsync();
        await Expect(page.GetByTestId("competition-state")).ToContainTextAsync("Published");
        await journey.ShotAsync("published");
        var stored = await chromium.Host.DbAsync(async db =>
        {
            var c = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Competitions, c => c.Slug == slug);
            return (c.PublishedAt, Track: db.Tracks.Single(t => t.CompetitionId == c.Id));
        });
        Assert.NotNull(stored.PublishedAt);
        Assert.Equal("{\"topKPercent\":5}", stored.Track.SettingsJson);
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AParticipantIsRefusedTheEditorAndCannotDownloadAHiddenAsset()
    {
        var email = $"participant-{Guid.NewGuid():N}@example.org";
        await chromium.Host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, "Pat Participant", CancellationToken.None));
        var demo = chromium.Demo;
        var hidden = await chromium.Host.InScopeAsync(async sp =>
        {
            var organizer = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(sp.GetRequiredService<global::NasArena.Platform.Data.NasArenaDb>()
                .Competitions.Where(c => c.Slug == demo.Slug).SelectMany(c => c.Organizers).Select(o => o.UserId));
            return await sp.GetRequiredService<global::NasArena.Platform.Assets.AssetService>().UploadAsync(new Actor(organizer, false), demo.OpenPhaseId, "query-set", "query-set", false,
                "query-set.json", "application/json", new MemoryStream(QuerySet()), CancellationToken.None);
        });
        await using var journey = await chromium.StartAsync("participant-refused");
        var page = journey.Page;
        await journey.SignInAsync(email, UiDemo.Password, "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Organize", Exact = true })).ToHaveCountAsync(0);

        var editor = await page.GotoAsync($"/organize/{demo.Slug}");
        Assert.Equal(403, editor!.Status);
        await Expect(page.GetByTestId("organize-refused")).ToHaveTextAsync("Only the organizers of this competition may do this.");
        await Expect(page.GetByText("Pre-publish check")).ToHaveCountAsync(0);
        await journey.ShotAsync("editor-refused");

        // The hidden file is not listed on the competition page, and its address answers 404 as for a file that does not exist.
        await journey.GoAsync($"/competitions/{demo.Slug}");
        await Expect(page.GetByText("query-set.json")).ToHaveCountAsync(0);
        var download = await page.GotoAsync($"/api/v1/phases/{demo.OpenPhaseId}/assets/{hidden.Id}/download");
        Assert.Equal(404, download!.Status);
        Assert.DoesNotContain("\"acc\"", await download.TextAsync(), StringComparison.Ordinal);
        await journey.ShotAsync("download-refused");
        journey.AssertNoErrorsBut(403, 404); // Chromium logs the refused page and download itself
    }
}
