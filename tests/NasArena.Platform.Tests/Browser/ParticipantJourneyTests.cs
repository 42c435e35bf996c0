using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Browser;

/// <summary>A new user registers, follows the mailed link, signs in, joins the demo with a new team, makes an API token and signs out, in Chromium.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ParticipantJourneyTests(ChromiumHost chromium)
{
    static ParticipantJourneyTests() => SetDefaultExpectTimeout(30_000);

    private UiDemo Demo => chromium.Demo;

    [Fact]
    public async Task ANewUserRegistersSignsInJoinsTheDemoWithATeamMakesATokenSeenOnceAndSignsOut()
    {
        await using var journey = await chromium.StartAsync("participant");
        var page = journey.Page;
        var name = "Ada " + Guid.NewGuid().ToString("N")[..6];
        var email = $"ada-{Guid.NewGuid():N}@example.org";
        var accountMenu = page.GetByRole(AriaRole.Button, new() { Name = name });

        // Register: a static form that answers "check your mailbox" (the same for a taken address, ADR 0028).
        await journey.GoAsync("/account/register", interactive: false);
        await page.GetByLabel("Name (shown on leaderboards until you name a team)").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password (at least 10 characters)").FillAsync(UiDemo.Password);
        await journey.ShotAsync("register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.GetByTestId("check-mailbox")).ToContainTextAsync("Check your mailbox");
        await journey.ShotAsync("check-mailbox");

        // The link of the mail (the host's pickup folder) verifies the address.
        await page.GotoAsync(Mailbox.Link(chromium.Host, email));
        await Expect(page.GetByTestId("verified")).ToContainTextAsync($"Your address {email} is verified.");
        await journey.ShotAsync("verified");

        // Sign in, sent back to the competition page it came from.
        await journey.GoAsync($"/account/sign-in?returnUrl=/competitions/{Demo.Slug}", interactive: false);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The e-mail or the password is wrong.");
        await journey.ShotAsync("sign-in-refused");
        await page.GetByLabel("Password").FillAsync(UiDemo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Demo.Title, Level = 1 })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();

        // Join: rules accepted, a new team; the status and the team's join code are shown.
        await page.GetByRole(AriaRole.Link, new() { Name = "Join the competition" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join " + Demo.Title })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await Expect(page.Locator(".nasarena-rules")).ToContainTextAsync("Be fair.");
        var join = page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true });
        await Expect(join).ToBeDisabledAsync(); // the rules are not accepted yet
        await page.GetByLabel("I accept the rules of this competition").CheckAsync();
        await page.GetByLabel("Team name").FillAsync("Team " + name);
        await Expect(join).ToBeEnabledAsync();
        await journey.ShotAsync("join");
        await join.ClickAsync();
        await Expect(page.Locator(".nasarena-registration-status"))
            .ToContainTextAsync(new Regex($"You are in team Team {name}: approved, your team may submit\\..*join with the code [A-Za-z0-9_-]+"));
        await journey.ShotAsync("joined");

        // A token: shown once with the command to paste, then only its prefix and scopes in the list.
        await accountMenu.ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "API tokens" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await page.GetByLabel("Token name").FillAsync("laptop");
        // Scopes are chosen at creation (ADR 0026): read and submit by default, manage only when ticked.
        await Expect(page.GetByLabel("submit", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("manage (organizer and admin work)")).Not.ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the token" }).ClickAsync();
        var secret = page.GetByLabel("Token", new() { Exact = true });
        await Expect(secret).ToHaveValueAsync(new Regex("^nsa_"));
        var token = await secret.InputValueAsync();
        await Expect(page.GetByLabel("Store it for the Python client (run from the repository's root)"))
            .ToHaveValueAsync($"python3 clients/python/nasarena.py token set --url {chromium.Host.BaseAddress.ToString().TrimEnd('/')} {token}");
        var unlabelled = await page.EvaluateAsync<string[]>(VisitorJourneyTests.UnlabelledControls);
        Assert.True(unlabelled.Length == 0, $"The tokens page has controls without a label: {string.Join(", ", unlabelled)}");
        await journey.ShotAsync("token-made");
        await journey.GoAsync("/account/tokens");
        await Expect(page.Locator(".nasarena-tokens")).ToContainTextAsync("laptop");
        await Expect(page.Locator(".nasarena-tokens .nasarena-token-scope-list").First).ToHaveTextAsync("read, submit");
        Assert.DoesNotContain(token, await page.ContentAsync());

        await SignOutAsync(journey, accountMenu);
        var me = await page.APIRequest.GetAsync("/api/v1/account/me");
        Assert.Equal(401, me.Status);
        journey.AssertNoErrors();
    }

    private static async Task SignOutAsync(Journey journey, ILocator accountMenu)
    {
        var page = journey.Page;
        await accountMenu.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await journey.WaitInteractiveAsync();
        await journey.ShotAsync("signed-out");
    }
}
