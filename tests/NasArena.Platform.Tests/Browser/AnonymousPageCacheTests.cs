using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tracks;
using NasArena.Web.Components;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The leaderboard page an anonymous visitor gets is rendered once and kept (ADR 0025); here for a minute, so that
/// nothing depends on how fast a loaded machine renders. What it must never do: serve one visitor's cookie to another,
/// serve a signed-in visitor a page kept for someone else, outlive a board change this process made, or leave the
/// visitor who gets a kept page with a page that does not work.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AnonymousPageCacheTests(ChromiumHost chromium) : IAsyncLifetime
{
    static AnonymousPageCacheTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost _host = null!;
    private UiDemo _demo = null!;

    public async Task InitializeAsync()
    {
        _host = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?> { ["NasArena:AnonymousPageFreshFor"] = "00:01:00" });
        _demo = await UiDemo.SeedAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string BoardPath => $"/phases/{_demo.OpenPhaseId}/leaderboard";

    private static string? How(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AnonymousPageCache.Header, out var values) ? values.Single() : null;

    [Fact]
    public async Task ASecondAnonymousVisitorGetsTheKeptPageWithoutTheFirstVisitorsCookie()
    {
        using var first = new HttpClient { BaseAddress = _host.BaseAddress };
        using var second = new HttpClient { BaseAddress = _host.BaseAddress };
        using var rendered = await first.GetAsync(BoardPath);
        using var kept = await second.GetAsync(BoardPath);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal("miss", How(rendered));
        Assert.Equal("hit", How(kept));
        Assert.Contains(rendered.Headers, h => h.Key == "Set-Cookie"); // the antiforgery cookie of the visitor it was rendered for
        Assert.DoesNotContain(kept.Headers, h => h.Key == "Set-Cookie");
        Assert.Equal(await rendered.Content.ReadAsStringAsync(), await kept.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", kept.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task ASignedInVisitorOrAScriptWithATokenIsAlwaysRenderedTheirOwnPage()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        (await anonymous.GetAsync(BoardPath)).Dispose();
        var email = $"viewer-{Guid.NewGuid():N}@example.org";
        await _host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, "Vera Viewer", CancellationToken.None));
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _host.BaseAddress };
        (await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = UiDemo.Password })).EnsureSuccessStatusCode();

        using var signedIn = await browser.GetAsync(BoardPath);
        // Not the kept anonymous page: the page shared by signed-in viewers, with their own menu (ADR 0037).
        Assert.Equal("shared", How(signedIn));
        Assert.Contains("Vera Viewer", await signedIn.Content.ReadAsStringAsync());

        using var withToken = new HttpRequestMessage(HttpMethod.Get, BoardPath);
        withToken.Headers.Authorization = new("Bearer", "nsa_not-a-real-token");
        using var script = await anonymous.SendAsync(withToken);
        Assert.Null(How(script));
    }

    [Fact]
    public async Task ABoardChangeMadeByThisProcessIsShownToTheNextAnonymousVisitorAtOnce()
    {
        using var visitor = new HttpClient { BaseAddress = _host.BaseAddress };
        var sort = BoardPath + "?probe=" + Guid.NewGuid().ToString("N"); // a page of its own: other tests of the class do not touch it
        (await visitor.GetAsync(sort)).Dispose();
        using (var kept = await visitor.GetAsync(sort)) Assert.Equal("hit", How(kept));

        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<NasArenaDb>();
            var phase = await db.Phases.FindAsync(_demo.OpenPhaseId);
            var competitionId = (await db.Tracks.FindAsync(phase!.TrackId))!.CompetitionId;
            var someone = db.Users.First().Id;
            var team = new Team { CompetitionId = competitionId, Name = "Late Leader", JoinCode = Guid.NewGuid().ToString("N")[..10] };
            db.Teams.Add(team);
            var json = ScoreRecords.ToJson(new Dictionary<string, double> { ["kendall_tau"] = 0.99, ["spearman_rho"] = 0.99, ["rmse"] = 0.01 });
            db.Submissions.Add(new Submission
            {
                PhaseId = phase.Id,
                TeamId = team.Id,
                SubmittedById = someone,
                FileName = "predictions.csv",
                CreatedAt = DateTimeOffset.UtcNow,
                FinishedAt = DateTimeOffset.UtcNow,
                Score = new Score { PublicMetricsJson = json, PrivateMetricsJson = json, PublicPrimary = 0.99, PrivatePrimary = 0.99, ScorerVersion = "test" },
            }.Force(status: SubmissionStatus.Scored));
            await db.SaveChangesAsync();
            await BoardVersions.BumpPhaseAsync(db, phase.Id, CancellationToken.None); // as the scoring job does
            return 0;
        });

        using var after = await visitor.GetAsync(sort);
        Assert.Equal("miss", How(after));
        Assert.Contains("Late Leader", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AVisitorWhoseFirstPageWasKeptSortsTheBoardAndThenSignsIn()
    {
        // Another browser first (the key holds the Accept header, so the page is kept as a browser asks for it).
        await using (var before = await chromium.StartAsync("kept-page-first", host: _host))
        {
            await before.Page.GotoAsync(BoardPath);
        }
        var email = $"kept-{Guid.NewGuid():N}@example.org";
        await _host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, "Kim Kept", CancellationToken.None));

        await using var journey = await chromium.StartAsync("kept-page", host: _host);
        var page = journey.Page;
        var response = await page.GotoAsync(BoardPath);
        Assert.Equal("hit", await response!.HeaderValueAsync(AnonymousPageCache.Header));
        await journey.WaitInteractiveAsync();
        // The kept page's circuit works for this visitor too: sorting asks the server for another page of rows.
        var board = page.Locator(".nasarena-board");
        await board.Locator("thead").GetByText("rmse").ClickAsync();
        await Expect(board.Locator("tbody tr").First).ToContainTextAsync("Team 08");
        await journey.ShotAsync("sorted");

        // The kept page carried another visitor's antiforgery token; signing in must not depend on it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(UiDemo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("Kim Kept")).ToBeVisibleAsync();
        await journey.ShotAsync("signed-in");
        journey.AssertNoErrors();
    }
}
