using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>An admin disables a participant with a reason on /admin/users: the participant's open session is refused at
/// its next navigation, their sign-in shows the reason; enabled again, they sign in (ADR 0023).</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AdminDisableJourneyTests(ChromiumHost chromium)
{
    static AdminDisableJourneyTests() => SetDefaultExpectTimeout(90_000);

    [Fact]
    public async Task AnAdminDisablesAParticipantWhoseOpenSessionIsRefusedAndWhoseSignInShowsTheReasonUntilEnabled()
    {
        var host = chromium.Host;
        var arena = await SubmissionArena.CreateAsync(host);
        var admin = await host.InScopeAsync(async sp =>
        {
            var person = await Person.RegisterAsync(sp, "admin-" + arena.Slug, "Platform admin");
            await sp.GetRequiredService<NasArenaDb>().Users.Where(u => u.Id == person.Actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAdmin, true));
            return person;
        });
        const string Reason = "Shared the hidden labels on a forum.";

        await using var ada = await chromium.StartAsync("disabled-participant");
        await ada.SignInAsync(arena.Ada.Email, UiDemo.Password);
        await ada.Page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await ada.GoAsync("/account/tokens");
        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await using var journey = await chromium.StartAsync("admin-disable");
        var page = journey.Page;
        await journey.SignInAsync(admin.Email, UiDemo.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await journey.GoAsync("/admin/users");
        await page.GetByLabel("Search by e-mail or name").FillAsync(arena.Ada.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {arena.Ada.Email}" }).ClickAsync();
        await page.GetByLabel("Reason (shown to the user)").FillAsync(Reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable the account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{arena.Ada.Email} is disabled.");
        var row = page.Locator(".nasarena-users tbody tr").Filter(new() { HasText = arena.Ada.Email });
        await Expect(row.Locator(".nasarena-user-state")).ToContainTextAsync("Disabled");
        await Expect(row.Locator(".nasarena-user-state")).ToContainTextAsync(Reason);
        await journey.ShotAsync("disabled");

        // Ada's open session: refused at her next navigation, sent to sign in, where her password gets the reason.
        await ada.Page.GotoAsync("/account/tokens");
        await ada.Page.WaitForURLAsync(url => url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await ada.SignInAsync(arena.Ada.Email, UiDemo.Password);
        await Expect(ada.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This account was disabled by an administrator on ");
        await Expect(ada.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Reason: " + Reason);
        await ada.ShotAsync("refused-with-reason");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Enable {arena.Ada.Email}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{arena.Ada.Email} is enabled again.");
        await Expect(row.Locator(".nasarena-user-state")).ToHaveTextAsync("active");
        await ada.SignInAsync(arena.Ada.Email, UiDemo.Password);
        await ada.Page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
        await ada.GoAsync("/account/tokens");
        Assert.DoesNotContain("/account/sign-in", ada.Page.Url);
        await ada.ShotAsync("signed-in-again");
        journey.AssertNoErrors();
    }
}
