using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Organizing;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Organizing;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Organizers manage a running competition in Chromium (submissions: rescore, disqualify, CSV, zip; participants: a refusal
/// with a reason the participant reads), an admin requeues a submission whose worker was killed, and a participant is
/// refused every one of these pages.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OrganizerManageJourneyTests(ChromiumHost chromium)
{
    static OrganizerManageJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    private static ILocator Row(IPage page, string teamName) =>
        page.Locator(".nasarena-org-submissions tbody tr").Filter(new() { HasText = teamName });

    [Fact]
    public async Task AnOrganizerRescoresAndDisqualifiesASubmissionThenExportsItsCsvAndDownloadsTheZip()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        var rows = new SubmissionRows(Host);
        var file = SubmissionArena.GoodPredictions();
        var id = await arena.SubmitAsync(Host, arena.Ada, "predictions.csv", file);
        await rows.WaitForAsync(id, s => s.Status == SubmissionStatus.Scored, "was scored");
        var team = "Team Ada " + arena.Slug[^6..];

        await using var journey = await chromium.StartAsync("org-submissions");
        var page = journey.Page;
        await journey.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/organize/{arena.Slug}/submissions");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Submissions · Submissions arena", Level = 1 })).ToBeVisibleAsync();
        await Expect(Row(page, team).Locator(".nasarena-status")).ToHaveTextAsync("Scored");
        await journey.ShotAsync("grid");

        // Rescore: a new run, scored again by the worker.
        await Row(page, team).Locator("input[type=checkbox]").CheckAsync();
        await Expect(page.GetByText("1 selected")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rescore", Exact = true }).ClickAsync();
        await Expect(page.Locator(".nasarena-bulk-result")).ToHaveTextAsync("Rescore: 1 of 1 done.");
        await rows.WaitForAsync(id, s => s.ScoringRun == 1 && s.Status == SubmissionStatus.Scored, "was rescored");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the filter" }).ClickAsync();
        await Expect(Row(page, team).Locator(".nasarena-status")).ToHaveTextAsync("Scored");

        // Disqualify: flagged in the grid and in the database.
        await Row(page, team).Locator("input[type=checkbox]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disqualify", Exact = true }).ClickAsync();
        await Expect(page.Locator(".nasarena-bulk-result")).ToHaveTextAsync("Disqualify: 1 of 1 done.");
        await Expect(Row(page, team).Locator(".nasarena-flags")).ToContainTextAsync("disqualified");
        Assert.True((await rows.LoadAsync(id)).IsDisqualified);
        await journey.ShotAsync("disqualified");

        // The CSV of the filter (Ada's team), downloaded as the browser downloads a link.
        await page.GetByLabel("Team (part of its name)").FillAsync("ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the filter" }).ClickAsync();
        await Expect(page.Locator(".nasarena-export-csv")).ToHaveAttributeAsync("href", new Regex("team=ada"));
        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator(".nasarena-export-csv").ClickAsync());
        var csv = (await File.ReadAllTextAsync(await csvDownload.PathAsync())).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', OrganizerSubmissions.CsvColumns), csv[0]);
        var fields = csv.Single(l => l.StartsWith(id.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal((team, "predictions.csv", "scored"), (fields[3], fields[4], fields[5]));
        Assert.Equal(("false", "true"), (fields[13], fields[15])); // not a baseline, disqualified
        Assert.Equal(2, csv.Length); // Ada's only

        // Every file of the filter in one zip: the manifest and Ada's file, byte for byte.
        var zipDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator(".nasarena-export-zip").ClickAsync());
        using (var zip = ZipFile.OpenRead(await zipDownload.PathAsync()))
        {
            Assert.Equal("submissions.csv", zip.Entries[0].FullName);
            var entry = zip.Entries.Skip(1).Single();
            Assert.Matches(new Regex($"^Prediction/Open/{Regex.Escape(team)}/\\d{{8}}-\\d{{6}}-{id.ToString("N")[..8]}-predictions\\.csv$"), entry.FullName);
            using var content = new MemoryStream();
            await using (var s = entry.Open())
            {
                await s.CopyToAsync(content);
            }
            Assert.Equal(file, content.ToArray());
        }

        // Each row opens the participants' page of the submission, with what only organizers see.
        await Row(page, team).GetByRole(AriaRole.Link, new() { NameRegex = new("^Open predictions.csv") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "predictions.csv", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".nasarena-organizer-view")).ToContainTextAsync("disqualified");
        await journey.ShotAsync("submission-organizer-view");

        // The statistics count the rescored submission in its track, with times and a chart per day.
        await journey.GoAsync($"/organize/{arena.Slug}/statistics");
        await Expect(page.Locator(".nasarena-stats-total")).ToContainTextAsync("1 submission(s) in all.");
        await Expect(page.Locator(".nasarena-track-times tr[data-track=Prediction] td").Nth(1)).ToHaveTextAsync("1");
        await Expect(page.Locator(".nasarena-bars .nasarena-bar").First).ToHaveAttributeAsync("data-value", "1");
        await journey.ShotAsync("statistics");
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AnOrganizerRefusesARegistrationWithAReasonThatTheParticipantThenReads()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        await using var organizer = await chromium.StartAsync("org-participants");
        var page = organizer.Page;
        await organizer.SignInAsync(arena.Organizer.Email, UiDemo.Password, $"/organize/{arena.Slug}/participants");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Participants · Submissions arena", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refuse Bob" }).ClickAsync();
        const string reason = "Please register with your university e-mail address.";
        await page.GetByLabel("Reason shown to Bob").FillAsync(reason);
        await organizer.ShotAsync("refusing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refuse with this reason" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Bob is refused; they see your reason.");
        var bobRow = page.Locator(".nasarena-registrations tbody tr").Filter(new() { HasText = arena.Bob.Email });
        await Expect(bobRow.Locator(".nasarena-registration-state")).ToHaveTextAsync("refused");
        await Expect(page.Locator(".nasarena-teams")).ToContainTextAsync("Bob (refused)");
        await organizer.ShotAsync("refused");
        var csv = await page.APIRequest.GetAsync($"/api/v1/competitions/{arena.Slug}/registrations.csv");
        Assert.Equal(200, csv.Status);
        var bobLine = (await csv.TextAsync()).Split('\n').Single(l => l.Contains(arena.Bob.Email, StringComparison.Ordinal));
        Assert.EndsWith($",rejected,{bobLine.Split(',')[6]},{reason}", bobLine);
        organizer.AssertNoErrors();

        await using var bob = await chromium.StartAsync("refused-participant");
        await bob.SignInAsync(arena.Bob.Email, UiDemo.Password, $"/competitions/{arena.Slug}");
        await Expect(bob.Page.GetByTestId("registration-reason")).ToContainTextAsync(reason);
        await bob.ShotAsync("reason-seen");
        bob.AssertNoErrors();
    }

    [Fact]
    public async Task AnAdminSeesASubmissionWhoseWorkerWasKilledFlaggedAndRequeuesItFromThePage()
    {
        // An app of its own whose watchdog waits a day: the page, not the watchdog, must rescue the submission.
        await using var host = await PlatformHost.StartAsync(Stack.SqliteDisk, StuckSubmission.NoWatchdog);
        var arena = await SubmissionArena.CreateAsync(host);
        var admin = await host.InScopeAsync(async sp =>
        {
            var person = await Person.RegisterAsync(sp, "admin-" + arena.Slug, "Platform admin");
            await sp.GetRequiredService<NasArenaDb>().Users.Where(u => u.Id == person.Actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAdmin, true));
            return person;
        });
        var rows = new SubmissionRows(host);
        var id = await arena.SubmitAsync(host, arena.Ada, "killed.csv", SubmissionArena.GoodPredictions(2));
        await rows.WaitForAsync(id, s => s.Status == SubmissionStatus.Scored, "was scored");
        await StuckSubmission.MakeAsync(host, id);

        await using var journey = await chromium.StartAsync("admin-queues", host: host);
        var page = journey.Page;
        await journey.SignInAsync(admin.Email, UiDemo.Password, "/admin/queues");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Queues and workers", Level = 1 })).ToBeVisibleAsync();
        var row = page.Locator(".nasarena-stuck tbody tr").Filter(new() { HasText = "killed.csv" });
        await Expect(row.Locator(".nasarena-why")).ToContainTextAsync(new Regex("Its worker has been silent for 60 min .*killed or lost"));
        await Expect(row.Locator(".nasarena-status")).ToHaveTextAsync("Running");
        await Expect(page.Locator(".nasarena-queues tr[data-queue=cpu] td").Nth(2)).ToHaveTextAsync("1"); // running
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".nasarena-workers")).ToContainTextAsync("cpu");
        await journey.ShotAsync("flagged");

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Requeue killed.csv") }).ClickAsync();
        await Expect(page.Locator(".nasarena-admin-result")).ToHaveTextAsync(new Regex("^killed.csv of Team Ada .* is queued again\\.$"));
        var scored = await rows.WaitForAsync(id, s => s.Status == SubmissionStatus.Scored, "was scored after the requeue");
        Assert.Equal(2, scored.Attempts);
        await page.ReloadAsync();
        await journey.WaitInteractiveAsync();
        await Expect(page.Locator(".nasarena-stuck")).ToContainTextAsync("Nothing is stuck");
        await journey.ShotAsync("requeued");

        // The Hangfire dashboard opens for the admin.
        var dashboard = await page.APIRequest.GetAsync("/admin/hangfire");
        Assert.Equal(200, dashboard.Status);
        Assert.Contains("NasArena jobs", await dashboard.TextAsync());
        journey.AssertNoErrors();
    }

    [Fact]
    public async Task AParticipantWhoOpensTheOrganizerAndAdminPagesIsRefusedAndAVisitorIsSentToSignIn()
    {
        var arena = await SubmissionArena.CreateAsync(Host);
        await using var journey = await chromium.StartAsync("refused-pages");
        var page = journey.Page;
        var paths = new[]
        {
            $"/organize/{arena.Slug}/submissions", $"/organize/{arena.Slug}/participants", $"/organize/{arena.Slug}/statistics",
            "/admin", "/admin/queues", "/admin/users",
        };
        var visitor = await page.GotoAsync(paths[0]);
        Assert.Contains("/account/sign-in?returnUrl=", page.Url);
        Assert.Equal(200, visitor!.Status);

        await journey.SignInAsync(arena.Ada.Email, UiDemo.Password, $"/competitions/{arena.Slug}");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).CountAsync());
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 403, $"{path} answered {response.Status} to a participant");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You may not open this page", Level = 1 })).ToBeVisibleAsync();
        }
        await journey.ShotAsync("refused");
        Assert.Equal(403, (await page.APIRequest.GetAsync("/admin/hangfire")).Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync($"/api/v1/competitions/{arena.Slug}/submissions.zip")).Status);
    }
}
