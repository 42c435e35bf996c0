using System.Text;
using Microsoft.Playwright;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The Submit tab in Chromium: a file is checked against the track before any byte is sent, then uploaded from the
/// browser to the REST endpoint in chunks (never through the circuit) with a progress bar, and scored; a file the scorer's
/// precheck refuses shows the server's reason.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SubmitJourneyTests(ChromiumHost chromium)
{
    static SubmitJourneyTests() => SetDefaultExpectTimeout(90_000);

    private static async Task<Journey> SignedInOnSubmitTabAsync(ChromiumHost chromium, SubmissionArena arena, string name)
    {
        var journey = await chromium.StartAsync(name);
        var page = journey.Page;
        var returnUrl = $"/competitions/{arena.Slug}";
        await journey.SignInAsync(arena.Ada.Email, UiDemo.Password, returnUrl);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("50 of 50 submissions left today (UTC), 200 of 200 in total.");
        return journey;
    }

    [Fact]
    public async Task AParticipantChoosesAFileSeesItCheckedUploadsItWithProgressAndSeesItScored()
    {
        var arena = await SubmissionArena.CreateAsync(chromium.Host);
        await using var journey = await SignedInOnSubmitTabAsync(chromium, arena, "submit");
        var page = journey.Page;
        var uploads = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/uploads/", StringComparison.Ordinal) && request.Method == "PUT")
            {
                uploads.Add(request.Url);
            }
        };
        await Expect(page.GetByTestId("submit-accepts")).ToContainTextAsync(".csv or .json files");
        var input = page.GetByLabel("File", new() { Exact = true });

        // The wrong kind of file: refused on the page, nothing sent.
        await input.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("hello") });
        await Expect(page.GetByTestId("submit-file-problem")).ToContainTextAsync("takes .csv or .json files; 'notes.txt' is a .txt file. Nothing was sent.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true })).ToBeDisabledAsync();
        await journey.ShotAsync("wrong-kind");

        // The example predictor's kind of file: uploaded with progress, accepted, then scored.
        await input.SetInputFilesAsync(new FilePayload { Name = "predictions.csv", MimeType = "text/csv", Buffer = SubmissionArena.GoodPredictions() });
        await Expect(page.GetByTestId("submit-file-problem")).ToHaveCountAsync(0);
        await page.GetByLabel("Description (optional, shown to your team and the organizers)").FillAsync("ridge, from the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("submit-done")).ToContainTextAsync("Submitted: predictions.csv is");
        await Expect(page.GetByTestId("submit-progress")).ToContainTextAsync("(100%)");
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("49 of 50 submissions left today (UTC), 199 of 200 in total.");
        Assert.NotEmpty(uploads); // the bytes went to the REST upload endpoint
        await journey.ShotAsync("submitted");

        await page.GetByTestId("submit-done").GetByRole(AriaRole.Link, new() { Name = "its page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "predictions.csv", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".nasarena-status").First).ToHaveTextAsync("Scored");
        var stored = await chromium.Host.DbAsync(db => Task.FromResult(db.Submissions.Single(s => s.PhaseId == arena.PhaseId)));
        Assert.Equal("ridge, from the browser", stored.Description);
        await journey.ShotAsync("scored");
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AFileThePrecheckRefusesShowsTheServersReasonAndCostsNoSubmission()
    {
        var arena = await SubmissionArena.CreateAsync(chromium.Host);
        await using var journey = await SignedInOnSubmitTabAsync(chromium, arena, "submit-refused");
        var page = journey.Page;
        var missing = Encoding.UTF8.GetBytes("arch_id,prediction\narch1,0.5\n");
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "partial.csv", MimeType = "text/csv", Buffer = missing });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("submit-error")).ToContainTextAsync(
            "Not submitted: The submission \"partial.csv\" was rejected: it must hold exactly one finite prediction for each of the 231 architectures");
        await Expect(page.GetByTestId("submit-error")).ToContainTextAsync("ids that are not in the query set: \"arch1\" (line 2).");
        await Expect(page.GetByTestId("submit-quota")).ToHaveTextAsync("50 of 50 submissions left today (UTC), 200 of 200 in total.");
        await journey.ShotAsync("refused");
        journey.AssertNoErrorsBut(422); // Chromium logs the refused completion itself
    }
}
