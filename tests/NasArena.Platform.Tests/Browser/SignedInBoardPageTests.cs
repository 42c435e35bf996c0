using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Components;
using NasArena.Web.Components.Shared;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>A participant of the UI demo, signed in through the API: a cookie jar, their team, the name they show.</summary>
internal sealed record Viewer(HttpClient Browser, string Name, Guid TeamId, string Email);

/// <summary>
/// The board page for signed-in viewers (ADR 0037): one render shared by every viewer without organizer or admin rights,
/// with each viewer's name and team spliced in. What it must never do: show one viewer's name, team or antiforgery token
/// to another, or share an organizer's page. Kept a minute here, so nothing depends on how fast a loaded machine renders.
/// </summary>
public abstract class SignedInBoardPageTests(Stack stack) : IAsyncLifetime
{
    private PlatformHost _host = null!;
    private UiDemo _demo = null!;

    public async Task InitializeAsync()
    {
        _host = await PlatformHost.StartAsync(stack, new Dictionary<string, string?> { ["NasArena:AnonymousPageFreshFor"] = "00:01:00" });
        _demo = await UiDemo.SeedAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string BoardPath => $"/phases/{_demo.OpenPhaseId}/leaderboard";

    /// <summary>A new account registered in the demo's team of that name, signed in with a cookie.</summary>
    internal static async Task<Viewer> ViewerAsync(PlatformHost host, UiDemo demo, string name, string team)
    {
        var email = $"viewer-{Guid.NewGuid():N}@example.org";
        var teamId = await host.InScopeAsync(async sp =>
        {
            var user = await sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, name, CancellationToken.None);
            var db = sp.GetRequiredService<NasArenaDb>();
            var row = await db.Teams.SingleAsync(t => t.Name == team && db.Competitions.Any(c => c.Id == t.CompetitionId && c.Slug == demo.Slug));
            db.Registrations.Add(new Registration
            {
                CompetitionId = row.CompetitionId,
                UserId = user.Id,
                TeamId = row.Id,
                Status = RegistrationStatus.Approved,
                RulesAcceptedAt = DateTimeOffset.UtcNow
            });
            await db.SaveChangesAsync();
            return row.Id;
        });
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        (await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = UiDemo.Password })).EnsureSuccessStatusCode();
        return new Viewer(browser, name, teamId, email);
    }

    private static string? How(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AnonymousPageCache.Header, out var values) ? values.Single() : null;

    [Fact]
    public async Task TwoParticipantsShareOneRenderEachWithOnlyTheirOwnNameAndTeamAndNoAntiforgeryToken()
    {
        var ana = await ViewerAsync(_host, _demo, "Ana Analyst", "Team 27");
        var bo = await ViewerAsync(_host, _demo, "<b>Bo</b> & Co", "Team 03"); // a name that is markup must stay text
        using var a = await ana.Browser.GetAsync(BoardPath);
        using var b = await bo.Browser.GetAsync(BoardPath);
        Assert.Equal("shared", How(a));
        Assert.Equal("shared", How(b));
        var (htmlA, htmlB) = (await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());

        var teamA = MyTeam.Html(_demo.OpenPhaseId, Board.Public, new MyTeam(ana.TeamId, "Team 27", 27, _demo.Teams, 2));
        var teamB = MyTeam.Html(_demo.OpenPhaseId, Board.Public, new MyTeam(bo.TeamId, "Team 03", 3, _demo.Teams, 1));
        Assert.Contains("Your team <strong>Team 27</strong> is ranked 27 of 30 (page 2)", teamA);
        Assert.Contains(teamA, htmlA);
        Assert.Contains(teamB, htmlB);
        Assert.Contains("Ana Analyst", htmlA);
        Assert.Contains("&lt;b&gt;Bo&lt;/b&gt; &amp; Co", htmlB);
        Assert.DoesNotContain("<b>Bo</b>", htmlB);
        Assert.DoesNotContain("Ana Analyst", htmlB);
        Assert.DoesNotContain("Team 27</strong>", htmlB);
        Assert.DoesNotContain("Bo</b>", htmlA.Replace("&lt;", "<"));
        // One render: the rest of the two answers is the same, byte for byte.
        Assert.Equal(htmlA.Replace(teamA, "").Replace("Ana Analyst", "NAME"), htmlB.Replace(teamB, "").Replace("&lt;b&gt;Bo&lt;/b&gt; &amp; Co", "NAME"));
        foreach (var (response, html) in new[] { (a, htmlA), (b, htmlB) })
        {
            Assert.Contains("Team 01", html); // the board itself
            Assert.DoesNotContain("Blazor-Server-Component-State", html); // the framework's persisted antiforgery token
            Assert.DoesNotContain("__RequestVerificationToken", html);
            Assert.DoesNotContain(SignedInPageCache.NameMarker, html);
            Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
        }
    }

    [Fact]
    public async Task AnOrganizerIsRenderedTheirOwnPageAndAnAnonymousVisitorTheAnonymousOne()
    {
        using var organizer = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _host.BaseAddress };
        (await organizer.PostAsJsonAsync("/api/v1/account/login", new { email = $"org-{_demo.Slug}@example.org", password = UiDemo.Password })).EnsureSuccessStatusCode();
        using var own = await organizer.GetAsync(BoardPath);
        Assert.Null(How(own));
        Assert.Contains("Demo organizer", await own.Content.ReadAsStringAsync());

        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        using var page = await anonymous.GetAsync(BoardPath);
        Assert.Equal("miss", How(page));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Sign in", html);
        Assert.DoesNotContain("nasarena-my-team", html);
    }

    [Fact]
    public async Task APageOfTheBoardIsAddressedByItsNumberWithLinksToTheOthers()
    {
        var viewer = await ViewerAsync(_host, _demo, "Pat Pager", "Team 27");
        using var second = await viewer.Browser.GetAsync(BoardPath + "?page=2");
        Assert.Equal("shared", How(second));
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("Team 27", html);
        Assert.Contains("Team 30", html);
        Assert.Contains("Page 2 of 2", html);
        Assert.Contains($"href=\"/phases/{_demo.OpenPhaseId}/leaderboard?page=1\" rel=\"prev\"", html);
        // A page past the end shows the last one rather than an empty table.
        using var beyond = await viewer.Browser.GetAsync(BoardPath + "?page=99");
        Assert.Contains("Page 2 of 2", await beyond.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ADisabledViewersCookieGetsTheAnonymousPageNotTheirs()
    {
        var viewer = await ViewerAsync(_host, _demo, "Dee Disabled", "Team 05");
        using (var before = await viewer.Browser.GetAsync(BoardPath)) Assert.Contains("Dee Disabled", await before.Content.ReadAsStringAsync());
        var admin = await Scenario.NewUserAsync(_host, "admin", admin: true);
        var id = await _host.DbAsync(db => db.Users.Where(u => u.Email == viewer.Email).Select(u => u.Id).SingleAsync());
        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{id}/disable", new { reason = "Test." }), HttpStatusCode.OK);
        using var after = await viewer.Browser.GetAsync(BoardPath);
        var html = await after.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Dee Disabled", html);
        Assert.DoesNotContain("nasarena-my-team", html);
    }
}

[Trait("Category", "Browser")]
public sealed class SignedInBoardPageOnSqliteAndDisk() : SignedInBoardPageTests(Stack.SqliteDisk);

[Trait("Category", "Browser")]
public sealed class SignedInBoardPageOnPostgresAndS3() : SignedInBoardPageTests(Stack.PostgresS3);

/// <summary>The shared page in Chromium: the viewer's team found and jumped to with the keyboard, and the menu's sign-out working without a token in the page.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignedInBoardJourneyTests(ChromiumHost chromium)
{
    static SignedInBoardJourneyTests() => SetDefaultExpectTimeout(90_000);

    [Fact]
    public async Task AParticipantJumpsToTheirTeamOnPageTwoWithTheKeyboardAndSignsOutFromTheMenu()
    {
        var name = "Jo " + Guid.NewGuid().ToString("N")[..6];
        var viewer = await SignedInBoardPageTests.ViewerAsync(chromium.Host, chromium.Demo, name, "Team 27");
        viewer.Browser.Dispose();
        await using var journey = await chromium.StartAsync("signed-in-board");
        var page = journey.Page;
        await journey.SignInAsync(viewer.Email, UiDemo.Password);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = name })).ToBeVisibleAsync();

        var response = await page.GotoAsync($"/phases/{chromium.Demo.OpenPhaseId}/leaderboard");
        Assert.Equal("shared", await response!.HeaderValueAsync(AnonymousPageCache.Header));
        await Expect(page.GetByTestId("my-team")).ToContainTextAsync("Your team Team 27 is ranked 27 of 30 (page 2)");
        await journey.WaitInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = name })).ToBeVisibleAsync();
        await journey.ShotAsync("board");

        // The keyboard reaches the link and follows it: the circuit's table turns to page 2 with the team's row marked.
        var jump = page.GetByRole(AriaRole.Link, new() { Name = "Jump to my team" });
        await jump.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator($".nasarena-board tr.{MyTeam.RowClass(viewer.TeamId)}");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Team 27");
        Assert.EndsWith("?page=2", page.Url);
        await journey.ShotAsync("my-team");

        // The shared page carried no antiforgery token of this viewer's: the menu's sign-out fetches one and works.
        await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/account/me")).Status);
        await journey.ShotAsync("signed-out");
        journey.AssertNoErrors();
    }
}
