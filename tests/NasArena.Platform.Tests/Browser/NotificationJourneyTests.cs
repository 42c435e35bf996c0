using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 25's announcements and fair share in Chromium (ADR 0046, 0047): an organizer announces and sets the runs per team;
/// a participant reads the announcement on the competition's page, as text, and turns a kind of mail off.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NotificationJourneyTests(ChromiumHost chromium)
{
    static NotificationJourneyTests() => SetDefaultExpectTimeout(60_000);

    private const string Password = "correct horse battery"; // Scenario.NewUserAsync's

    private static async Task<string> EmailOfAsync(ApiClient who) => (await who.GetJsonAsync("account/me"))["email"]!.GetValue<string>();

    [Fact]
    public async Task AnOrganizerAnnouncesAndSetsRunsPerTeamAndAParticipantReadsItAndTurnsMailOff()
    {
        var s = await Scenario.CreateAsync(chromium.Host);
        await using var organizer = await chromium.StartAsync("announce-organizer");
        await organizer.SignInAsync(await EmailOfAsync(s.Organizer), Password, $"/organize/{s.Slug}/announcements");
        var page = organizer.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Announcements · Test competition", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Subject").FillAsync("Stage 1 closes on Friday");
        // Exact: the page shell's error bar has a "Close this message" link.
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Submit your final predictions by Friday 12:00 UTC.\nWrite <b>bold</b> if you like: it stays text.");
        await page.GetByTestId("announcement-send").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sent");
        await Expect(page.GetByTestId("announcement")).ToContainTextAsync("Stage 1 closes on Friday");
        await organizer.ShotAsync("announcement-sent");

        await organizer.GoAsync($"/organize/{s.Slug}/statistics");
        await page.GetByTestId("fair-queue-cap").FillAsync("3");
        await page.GetByTestId("fair-queue-save").ClickAsync();
        await Expect(page.Locator(".nasarena-fair-queue [role=status]")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator(".nasarena-fair-queue")).ToContainTextAsync("Now 3; at most 8.");
        await organizer.ShotAsync("runs-per-team");
        Assert.Equal(3, await chromium.Host.DbAsync(db => db.Competitions.Where(c => c.Slug == s.Slug).Select(c => c.MaxRunningPerTeam).SingleAsync()));
        organizer.AssertNoErrors();

        await using var participant = await chromium.StartAsync("announce-participant");
        await participant.SignInAsync(await EmailOfAsync(s.Participant), Password, $"/competitions/{s.Slug}");
        var p = participant.Page;
        var shown = p.GetByRole(AriaRole.Region, new() { Name = "Announcements" });
        await Expect(shown).ToContainTextAsync("Stage 1 closes on Friday");
        await Expect(shown).ToContainTextAsync("Write <b>bold</b> if you like");
        Assert.Equal(0, await shown.Locator("b").CountAsync());
        await participant.ShotAsync("competition-announcement");

        await participant.GoAsync("/account");
        await p.GetByText("Mail me when a submission of mine is scored, fails or is cancelled").ClickAsync();
        await Expect(p.Locator(".nasarena-mail-settings [role=status]")).ToHaveTextAsync("Saved.");
        await participant.ShotAsync("mail-settings");
        var me = (await s.Participant.GetJsonAsync("account/notifications"));
        Assert.False(me["submissionEnded"]!.GetValue<bool>());
        Assert.True(me["announcements"]!.GetValue<bool>());
        participant.AssertNoErrors();
    }
}
