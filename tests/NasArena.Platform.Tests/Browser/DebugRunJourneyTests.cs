using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Submissions.Debug;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 25, item 5 in the browser (ADR 0044): the organizer turns debug runs on in the editor's Phases tab (under the
/// operator's ceilings); a participant turns on "Debug run" on the submit panel, which then shows the debug quota and its
/// rule, starts one, and reads it on its page, marked as a debug run, with its score.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DebugRunJourneyTests(ChromiumHost chromium)
{
    static DebugRunJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    [Fact]
    public async Task AParticipantStartsADebugRunFromTheSubmitPanelAndReadsItOnItsPage()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        await using (var organizer = await chromium.StartAsync("debug-runs-editor"))
        {
            var o = organizer.Page;
            await organizer.GoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString($"/organize/{arena.Slug}"), interactive: false);
            await o.GetByLabel("E-mail").FillAsync(arena.Organizer.Email);
            await o.GetByLabel("Password").FillAsync(UiDemo.Password);
            await o.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await o.WaitForURLAsync(url => url.EndsWith($"/organize/{arena.Slug}", StringComparison.Ordinal));
            await organizer.WaitInteractiveAsync();
            // The debug split, uploaded in the Assets tab (the resumable upload, as a hidden file marked debug).
            await o.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Hidden assets") }).ClickAsync();
            await o.GetByTestId("asset-debug").ClickAsync();
            await o.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
            {
                Name = "debug.json",
                MimeType = "application/json",
                Buffer = Scenario.QuerySetJson(Scenario.Track2QuerySet().Take(40)),
            });
            await o.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            await Expect(o.GetByTestId("editor-saved")).ToContainTextAsync("Stored: debug.json");
            await Expect(o.GetByTestId("asset-query-set-debug-query-set")).ToContainTextAsync("debug split: debug runs only");
            await organizer.ShotAsync("debug-split-uploaded");
            await o.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Phases") }).ClickAsync();
            var section = o.Locator("[data-testid^='debug-runs-']").First;
            await Expect(section.GetByTestId("debug-runs-split")).ToContainTextAsync("The debug split is uploaded");
            // The operator's ceilings (DebugRuns:*, defaults 10 a day and 300 s) are shown beside the fields.
            await Expect(section).ToContainTextAsync("at most 10 (the operator's ceiling)");
            await Expect(section).ToContainTextAsync("empty: 300 s");
            await section.GetByLabel("Debug runs per team per day (UTC)").FillAsync("3");
            await section.GetByLabel("Time limit of a debug run, seconds").FillAsync("60");
            await section.GetByLabel("Time limit of a debug run, seconds").BlurAsync();
            await section.GetByTestId("debug-runs-save").ClickAsync();
            await Expect(section.GetByTestId("editor-saved")).ToHaveTextAsync("Debug runs saved: 3 per team per day, 60 s each.");
            await organizer.ShotAsync("debug-runs-saved");
            organizer.AssertNoErrors();
        }
        var saved = await Host.InScopeAsync(sp => sp.GetRequiredService<DebugRunSettings>().GetAsync(arena.Organizer.Actor, arena.PhaseId, CancellationToken.None));
        Assert.Equal((3, 60.0), (saved.DailyLimit, saved.TimeLimitSeconds));

        await using var journey = await chromium.StartAsync("debug-run");
        var page = journey.Page;
        await journey.GoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString($"/competitions/{arena.Slug}"), interactive: false);
        await page.GetByLabel("E-mail").FillAsync(arena.Ada.Email);
        await page.GetByLabel("Password").FillAsync(UiDemo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/competitions/{arena.Slug}", StringComparison.Ordinal));
        await journey.WaitInteractiveAsync();
        // The debug split is among the competition's data, for download.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Data" }).ClickAsync();
        await Expect(page.Locator(".nasarena-downloads")).ToContainTextAsync("the debug split debug runs are scored on");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("50 of 50 submissions left today (UTC), 200 of 200 in total.");

        await page.GetByText("Debug run: scored on the phase").ClickAsync();
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("3 of 3 debug runs left today (UTC).");
        await Expect(page.GetByTestId("submit-quota-rule")).ToContainTextAsync("scored on the phase's debug split only");
        // The debug split holds 40 of the architectures: a file for those 40.
        var csv = "arch_id,prediction\n" + string.Concat(Scenario.Track2QuerySet().Take(40).Select(r => $"{r.Id},{r.Acc.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\n"));
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "debug.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
        });
        await journey.ShotAsync("debug-chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the debug run", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("submit-done")).ToContainTextAsync("Debug run started: debug.csv is");
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("2 of 3 debug runs left today (UTC).");
        await journey.ShotAsync("debug-started");

        await page.GetByTestId("submit-done").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("submission-debug")).ToContainTextAsync("A debug run");
        await Expect(page.Locator(".nasarena-status").First).ToHaveTextAsync("Scored");
        // Its provenance names the data it read: the debug split, not the hidden query set.
        await Expect(page.GetByText("the debug split's query set, version 1")).ToBeVisibleAsync();
        await Expect(page.GetByText("the hidden query set")).ToHaveCountAsync(0);
        await journey.ShotAsync("debug-run-page");

        // Among the team's own submissions it is marked, and it is not offered as a final pick.
        await journey.GoAsync($"/phases/{arena.PhaseId}/submissions/mine");
        await Expect(page.GetByTestId("debug-chip")).ToHaveTextAsync("debug run");
        await journey.ShotAsync("my-submissions");
        journey.AssertNoErrors();
    }
}
