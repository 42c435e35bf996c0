using Microsoft.Playwright;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>A participant follows their submissions live, opens one, downloads their file; another team is refused; an organizer sees the pairs.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SubmissionJourneyTests(ChromiumHost chromium)
{
    // Generous: the list re-reads every 10 s when nothing it shows is running, and a loaded 2-core machine is slow.
    static SubmissionJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    [Fact]
    public async Task AParticipantSeesASubmissionGetScoredWithoutReloadingOpensItsPageAndDownloadsTheFile()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        await using var journey = await chromium.StartAsync("my-submissions");
        var page = journey.Page;
        var origin = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        await journey.SignInAsync(arena.Ada.Email, UiDemo.Password, $"/phases/{arena.PhaseId}/submissions/mine");
        await Expect(page.GetByText("Your team has not submitted to this phase yet.")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.nasarenaNotReloaded = true");

        // Submitted elsewhere (as the CLI would), scored by the in-process worker: the open page shows it, then its score.
        var file = SubmissionArena.GoodPredictions();
        var id = await arena.SubmitAsync(Host, arena.Ada, "predictions.csv", file);
        var row = page.Locator(".nasarena-submissions tbody tr").Filter(new() { HasText = "predictions.csv" });
        await Expect(row.Locator(".nasarena-status")).ToHaveTextAsync("Scored");
        await Expect(row.Locator("td.nasarena-primary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.\d{4}$"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.nasarenaNotReloaded === true"), "The page reloaded to show the new status.");
        await journey.ShotAsync("scored-live");

        await row.GetByRole(AriaRole.Link, new() { NameRegex = new("^Details of predictions.csv") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "predictions.csv", Level = 1 })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await Expect(page.GetByLabel("Public metrics")).ToContainTextAsync("kendall_tau (primary)");
        await Expect(page.Locator(".nasarena-pairs-hidden")).ToContainTextAsync("shown to the organizers only");
        Assert.Equal(0, await page.Locator(".nasarena-scatter").CountAsync()); // no hidden labels for a participant
        // What produced the score: the file's SHA-256 in full, the scorer, the worker (issue 14).
        var provenance = page.Locator(".nasarena-provenance");
        await Expect(provenance).ToContainTextAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)));
        await Expect(provenance).ToContainTextAsync("predictor-1.0.0 · scoring run");
        await Expect(provenance).ToContainTextAsync("NasArena.Prediction");
        // The hidden asset by kind and version, never its hash (issue 23).
        await Expect(provenance).ToContainTextAsync("the hidden query set, version 1");
        var unlabelled = await page.EvaluateAsync<string[]>(VisitorJourneyTests.UnlabelledControls);
        Assert.True(unlabelled.Length == 0, $"The submission page has controls without a label: {string.Join(", ", unlabelled)}");
        await journey.ShotAsync("submission-page");

        var download = await page.APIRequest.GetAsync($"/submissions/{id}/file");
        Assert.Equal(200, download.Status);
        Assert.Equal(file, await download.BodyAsync());

        await page.SetViewportSizeAsync(375, 800);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "predictions.csv", Level = 1 })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "The submission page is wider than 375 px.");
        await journey.ShotAsync("submission-page-375");
        Assert.True(outside.Count == 0, $"The pages asked other hosts for: {string.Join(", ", outside)}");
        journey.AssertNoErrors();

        // The organizer sees predicted against true with y = x and the residuals, computed from the file and the query set.
        await using var organizer = await chromium.StartAsync("submission-organizer");
        await organizer.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/submissions/{id}");
        await Expect(organizer.Page.Locator(".nasarena-diagonal")).ToHaveCountAsync(1);
        await Expect(organizer.Page.Locator(".nasarena-scatter").First.Locator("circle")).ToHaveCountAsync(231);
        await organizer.ShotAsync("organizer-pairs");
        organizer.AssertNoErrors();
    }

    [Fact]
    public async Task AnotherTeamsSubmissionIsRefusedWithNothingOfItShown()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        var id = await arena.SubmitAsync(Host, arena.Ada, "secret-predictions.csv", SubmissionArena.GoodPredictions(2));
        await using var journey = await chromium.StartAsync("submission-refused");
        await journey.SignInAsync(arena.Bob.Email, UiDemo.Password, $"/competitions/{arena.Slug}");
        var response = await journey.Page.GotoAsync($"/submissions/{id}");
        // The prerendered answer is the whole refusal (nothing of the submission in it), before any script runs.
        var html = await response!.TextAsync();
        Assert.Contains("Submission not found", html);
        Assert.DoesNotContain("secret-predictions.csv", html);
        await journey.WaitInteractiveAsync();
        await Expect(journey.Page.GetByRole(AriaRole.Heading, new() { Name = "Submission not found", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain("secret-predictions.csv", await journey.Page.ContentAsync());
        Assert.Equal(0, await journey.Page.Locator(".nasarena-metrics").CountAsync());
        Assert.Equal(404, (await journey.Page.APIRequest.GetAsync($"/submissions/{id}/file")).Status);
        await journey.ShotAsync("refused");
        journey.AssertNoErrors();
    }

    /// <summary>
    /// The worker path of a failure is the job tests' business (a prediction file bad enough to fail is refused on upload);
    /// here the rows are set as the worker leaves them, to check what the page says about each.
    /// </summary>
    [Fact]
    public async Task AFailureIsMarkedAsTheParticipantsOrAsAPlatformFaultWithTheQuotaRefunded()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        var rows = new SubmissionRows(Host);
        var mine = await arena.SubmitAsync(Host, arena.Ada, "broken.csv", SubmissionArena.GoodPredictions(3));
        var theirs = await arena.SubmitAsync(Host, arena.Ada, "unlucky.csv", SubmissionArena.GoodPredictions(4));
        await rows.WaitForAsync(mine, s => s.IsFinal);
        await rows.WaitForAsync(theirs, s => s.IsFinal);
        await rows.SetAsync(mine, s => { s.Force(status: SubmissionStatus.Failed); s.FailureReason = "Line 17: 'abc' is not a number."; s.CountsAgainstQuota = true; });
        await rows.SetAsync(theirs, s => { s.Force(status: SubmissionStatus.Failed); s.FailureReason = "The object store could not be reached."; s.CountsAgainstQuota = false; });

        await using var journey = await chromium.StartAsync("submission-failed", width: 375, height: 800);
        await journey.SignInAsync(arena.Ada.Email, UiDemo.Password, $"/phases/{arena.PhaseId}/submissions/mine");
        var page = journey.Page;
        var broken = page.Locator(".nasarena-submissions tbody tr").Filter(new() { HasText = "broken.csv" });
        await Expect(broken.Locator(".nasarena-blame")).ToHaveTextAsync("your submission");
        await Expect(broken.Locator(".nasarena-reason")).ToHaveTextAsync("Line 17: 'abc' is not a number.");
        var unlucky = page.Locator(".nasarena-submissions tbody tr").Filter(new() { HasText = "unlucky.csv" });
        await Expect(unlucky.Locator(".nasarena-blame")).ToHaveTextAsync("platform fault, quota refunded");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "The list is wider than 375 px.");
        await journey.ShotAsync("failures-375");
        journey.AssertNoErrors();
    }

    /// <summary>
    /// A queued submission made so by hand: a new scoring run marked as just enqueued, which no job serves (the one that
    /// ran carries the old run) and the watchdog leaves alone for Jobs:RequeueAfter (15 minutes).
    /// </summary>
    [Fact]
    public async Task AQueuedSubmissionIsCancelledFromTheListAndTheListSaysBySomeoneOfTheTeam()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        var rows = new SubmissionRows(Host);
        var id = await arena.SubmitAsync(Host, arena.Ada, "waiting.csv", SubmissionArena.GoodPredictions(5));
        await rows.WaitForAsync(id, s => s.IsFinal);
        await rows.SetAsync(id, s => { s.Force(status: SubmissionStatus.Queued); s.Force(run: s.ScoringRun + 1); s.QueuedAt = DateTimeOffset.UtcNow; s.FinishedAt = null; });

        await using var journey = await chromium.StartAsync("submission-cancel");
        await journey.SignInAsync(arena.Ada.Email, UiDemo.Password, $"/phases/{arena.PhaseId}/submissions/mine");
        var page = journey.Page;
        var row = page.Locator(".nasarena-submissions tbody tr").Filter(new() { HasText = "waiting.csv" });
        await Expect(row.Locator(".nasarena-status")).ToHaveTextAsync("Queued");
        await journey.ShotAsync("queued");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel waiting.csv" }).ClickAsync();
        await Expect(row.Locator(".nasarena-status")).ToHaveTextAsync("Cancelled");
        await Expect(row.Locator(".nasarena-reason")).ToHaveTextAsync("Cancelled by your team.");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Cancel waiting.csv" })).ToHaveCountAsync(0);
        Assert.Equal(SubmissionStatus.Cancelled, (await rows.LoadAsync(id)).Status);
        await journey.ShotAsync("cancelled");
        journey.AssertNoErrors();
    }
}
