using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The account pages of ADR 0029 in Chromium: a user signed in on two browsers changes the password on one (the other is
/// signed out, this one stays), then signs out everywhere from it.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountSecurityJourneyTests(ChromiumHost chromium)
{
    static AccountSecurityJourneyTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task AUserChangesThePasswordSigningOutTheOtherBrowserThenSignsOutEverywhere()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.org";
        await chromium.Host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, "Otto Owner", CancellationToken.None));
        await using var laptop = await chromium.StartAsync("account-laptop");
        await using var phone = await chromium.StartAsync("account-phone");
        await laptop.SignInAsync(email, UiDemo.Password, "/account");
        await phone.SignInAsync(email, UiDemo.Password, "/account");
        var page = laptop.Page;
        await Expect(page.GetByTestId("verified")).ToBeVisibleAsync();
        await laptop.ShotAsync("account");

        // A wrong current password changes nothing; the right one changes it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not the password");
        await page.GetByLabel("New password (at least 10 characters)").FillAsync("a brand new password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'currentPassword' is wrong");
        await page.GetByLabel("Current password").FillAsync(UiDemo.Password);
        await page.GetByLabel("New password (at least 10 characters)").FillAsync("a brand new password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();
        await laptop.ShotAsync("password-changed");

        // The other browser is signed out at its next request; this one is not.
        Assert.Equal(401, (await phone.Page.APIRequest.GetAsync("/api/v1/account/me")).Status);
        Assert.Equal(200, (await page.APIRequest.GetAsync("/api/v1/account/me")).Status);

        // Sign out everywhere ends this session too.
        await phone.SignInAsync(email, "a brand new password", "/account");
        await laptop.GoAsync("/account/sign-out-everywhere", interactive: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(page.GetByTestId("signed-out-everywhere")).ToBeVisibleAsync();
        await laptop.ShotAsync("signed-out-everywhere");
        Assert.Equal(401, (await phone.Page.APIRequest.GetAsync("/api/v1/account/me")).Status);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/account/me")).Status);
        laptop.AssertNoErrors();
    }
}
