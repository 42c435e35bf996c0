using Microsoft.Playwright;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 25, items 4 and 7 in the browser: an organizer gives a phase a separate failed-submission quota in the editor;
/// the participant's submit panel says what is left and which rule applies; a scored submission's page shows its compute;
/// the statistics page sums it per phase and team.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class QuotaAndComputeJourneyTests(ChromiumHost chromium)
{
    static QuotaAndComputeJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    [Fact]
    public async Task AnOrganizerSetsTheFailedQuotaTheParticipantReadsTheRuleAndBothSeeTheCompute()
    {
        var arena = await SubmissionArena.CreateAsync(Host);

        await using (var organizer = await chromium.StartAsync("quota-policy-editor"))
        {
            var page = organizer.Page;
            await organizer.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/organize/{arena.Slug}");
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Phases") }).ClickAsync();
            var section = page.GetByTestId("quota-policy-open");
            await Expect(section.GetByTestId("quota-policy-rule")).ToContainTextAsync("fail for a fault of yours (a rejected file, a package error) count");
            await section.GetByTestId("quota-policy-select").ClickAsync();
            await page.GetByText("uses a separate failed-submission quota").ClickAsync();
            await section.GetByLabel("Failed per day (UTC)").FillAsync("2");
            await section.GetByLabel("Failed per day (UTC)").BlurAsync();
            await Expect(section.GetByTestId("quota-policy-rule")).ToContainTextAsync("separate failed-submission quota");
            await organizer.ShotAsync("quota-rule-chosen");
            await section.GetByTestId("quota-policy-save").ClickAsync();
            await Expect(section.GetByTestId("editor-saved")).ToContainTextAsync("Quota rule saved");
            await organizer.ShotAsync("quota-rule-saved");
            organizer.AssertNoErrors();
        }

        await using var participant = await chromium.StartAsync("quota-policy-submit");
        var p = participant.Page;
        await participant.SignInAsync(arena.Ada.Email, UiDemo.Password, $"/competitions/{arena.Slug}");
        await p.GetByRole(AriaRole.Tab, new() { Name = "Submit" }).ClickAsync();
        await Expect(p.GetByTestId("submit-quota")).ToHaveTextAsync(
            "50 of 50 submissions left today (UTC), 200 of 200 in total; 2 of 2 failed submissions left today (UTC).");
        await Expect(p.GetByTestId("submit-quota-rule")).ToContainTextAsync("use the separate failed-submission quota instead of this one");
        await participant.ShotAsync("submit-panel-rule");

        var id = await arena.SubmitAsync(Host, arena.Ada, "predictions.csv", SubmissionArena.GoodPredictions());
        await participant.GoAsync($"/submissions/{id}");
        await Expect(p.Locator(".nasarena-status").First).ToHaveTextAsync("Scored");
        await Expect(p.GetByTestId("compute-wall")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? (ms|s|min)$"));
        await Expect(p.GetByTestId("compute-gpu")).ToHaveTextAsync("no GPU used");
        await Expect(p.GetByTestId("submission-compute")).ToContainTextAsync("worker process");
        await participant.ShotAsync("submission-compute");

        await using var stats = await chromium.StartAsync("compute-statistics");
        await stats.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/organize/{arena.Slug}/statistics");
        var table = stats.Page.GetByTestId("compute-per-phase");
        await Expect(table.Locator("tr[data-queue='cpu']")).ToContainTextAsync("Prediction · Open");
        await Expect(stats.Page.GetByTestId("compute-per-team").Locator("tr[data-queue='cpu']")).ToContainTextAsync("Team Ada");
        await Expect(stats.Page.GetByTestId("compute-total")).ToContainTextAsync("no price set");
        await stats.ShotAsync("compute-statistics");
        stats.AssertNoErrors();
    }
}
