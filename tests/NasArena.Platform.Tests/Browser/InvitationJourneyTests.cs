using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Verified addresses and organizer invitations in Chromium (ADR 0028): an organizer invites a colleague from the
/// editor's Organizers tab; the colleague registers, follows the mailed verification link (the host's pickup folder),
/// signs in, follows the invitation link and accepts; the inviter sees it accepted, and withdraws another one.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class InvitationJourneyTests(ChromiumHost chromium)
{
    static InvitationJourneyTests() => SetDefaultExpectTimeout(90_000);

    [GeneratedRegex("^Organizers")] private static partial Regex OrganizersTab();

    [Fact]
    public async Task AColleagueVerifiesTheAddressAndAcceptsTheInvitationWhileTheInviterSeesItAndWithdrawsAnother()
    {
        var slug = "invite-" + Guid.NewGuid().ToString("N")[..6];
        var organizerEmail = $"org-{slug}@example.org";
        await chromium.Host.InScopeAsync(async sp =>
        {
            var organizer = await sp.GetRequiredService<AccountService>().RegisterAsync(organizerEmail, UiDemo.Password, "Olga Organizer", CancellationToken.None);
            // Made "organizer" by an admin: only such users create competitions (ADR 0031).
            await sp.GetRequiredService<NasArenaDb>().Users.Where(u => u.Id == organizer.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CanCreateCompetitions, true));
            await sp.GetRequiredService<CompetitionService>().CreateAsync(new Actor(organizer.Id, false),
                new CompetitionInput(slug, "Invitation journey", "A competition to invite to.", "Be fair.", RequiresApproval: false), CancellationToken.None);
        });
        var colleague = $"colleague-{Guid.NewGuid():N}@example.org";
        var stranger = $"stranger-{Guid.NewGuid():N}@example.org";

        // The organizer invites two addresses from the editor's Organizers tab.
        await using var inviter = await chromium.StartAsync("invitation-inviter");
        var page = inviter.Page;
        await inviter.SignInAsync(organizerEmail, UiDemo.Password, $"/organize/{slug}");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = OrganizersTab() }).ClickAsync();
        foreach (var address in new[] { colleague, stranger })
        {
            await page.GetByLabel("Invite an organizer (their e-mail address)").FillAsync(address);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
            await Expect(page.GetByText($"Invitation sent to {address}")).ToBeVisibleAsync();
        }
        var colleagueRow = page.GetByTestId("invitation-row").Filter(new() { HasText = colleague });
        var strangerRow = page.GetByTestId("invitation-row").Filter(new() { HasText = stranger });
        await Expect(colleagueRow.GetByTestId("invitation-state")).ToHaveTextAsync("pending");
        await inviter.ShotAsync("invited");
        await strangerRow.GetByRole(AriaRole.Button, new() { Name = "Withdraw" }).ClickAsync();
        await Expect(strangerRow.GetByTestId("invitation-state")).ToHaveTextAsync("withdrawn");

        // The colleague has no account yet: registers, reads the mail, verifies, signs in.
        await using var invitee = await chromium.StartAsync("invitation-invitee");
        var them = invitee.Page;
        await invitee.GoAsync("/account/register", interactive: false);
        await them.GetByLabel("Name (shown on leaderboards until you name a team)").FillAsync("Carla Colleague");
        await them.GetByLabel("E-mail").FillAsync(colleague);
        await them.GetByLabel("Password (at least 10 characters)").FillAsync(UiDemo.Password);
        await them.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(them.GetByTestId("check-mailbox")).ToBeVisibleAsync();
        await invitee.ShotAsync("check-mailbox");
        await them.GotoAsync(Mailbox.Link(chromium.Host, colleague));
        await Expect(them.GetByTestId("verified")).ToContainTextAsync("is verified");
        await invitee.ShotAsync("verified");

        var invitation = new Uri(Mailbox.Link(chromium.Host, colleague, "/account/invitations/")).AbsolutePath;
        await invitee.SignInAsync(colleague, UiDemo.Password, invitation);
        await Expect(them.GetByText("Olga Organizer invites")).ToBeVisibleAsync();
        await invitee.ShotAsync("invitation");
        await them.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await Expect(them.GetByTestId("invitation-accepted")).ToHaveTextAsync("You organize this competition now.");
        await invitee.ShotAsync("accepted");

        // The inviter sees it accepted and the colleague among the organizers.
        await inviter.GoAsync($"/organize/{slug}");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = OrganizersTab() }).ClickAsync();
        await Expect(colleagueRow.GetByTestId("invitation-state")).ToHaveTextAsync("accepted");
        await Expect(page.GetByTestId("organizers")).ToContainTextAsync("Carla Colleague");
        await inviter.ShotAsync("accepted-seen");
        inviter.AssertNoErrors();
        invitee.AssertNoErrors();
    }

    [Fact]
    public async Task TheOwnerOfAnAddressSomeoneElseRegisteredReleasesItFromTheMailedLinkAndRegistersIt()
    {
        var address = $"owner-{Guid.NewGuid():N}@example.org";
        await chromium.Host.InScopeAsync(sp => sp.GetRequiredService<SignUpService>().SignUpAsync(address, "the squatter's password", "Squatter", CancellationToken.None));

        // The mail the squatter's registration sent to the owner's mailbox offers the release; opening it changes nothing.
        await using var journey = await chromium.StartAsync("release-address");
        var page = journey.Page;
        await page.GotoAsync(Mailbox.Link(chromium.Host, address, "/account/release?token="));
        await Expect(page.GetByText("An account named “Squatter” was registered with")).ToBeVisibleAsync();
        await journey.ShotAsync("release");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release my address" }).ClickAsync();
        await Expect(page.GetByTestId("released")).ToContainTextAsync("Your address is released");
        await journey.ShotAsync("released");

        // The owner registers the address and verifies it.
        await journey.GoAsync("/account/register", interactive: false);
        await page.GetByLabel("Name (shown on leaderboards until you name a team)").FillAsync("Rightful Owner");
        await page.GetByLabel("E-mail").FillAsync(address);
        await page.GetByLabel("Password (at least 10 characters)").FillAsync(UiDemo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.GetByTestId("check-mailbox")).ToBeVisibleAsync();
        await page.GotoAsync(Mailbox.Link(chromium.Host, address));
        await Expect(page.GetByTestId("verified")).ToContainTextAsync($"Your address {address} is verified.");
        journey.AssertNoErrors();
    }
}
