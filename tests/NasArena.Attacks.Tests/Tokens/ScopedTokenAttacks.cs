using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Tokens;

/// <summary>
/// Issue 23, Why 3 and 17: an API token holds only the scopes it was made with (read, submit, manage), and no token can
/// make, list or revoke tokens, so revoking a leaked one ends its access.
/// </summary>
public abstract class ScopedTokenAttacks(PlatformHost host)
{
    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        (await ApiClient.ExpectAsync(response, expected))["detail"]?.GetValue<string>() ?? "";

    [Fact]
    public async Task ATokenCannotCreateListOrRevokeTokens()
    {
        using var browser = await BrowserSession.SignUpAsync(host, "token-owner");
        var (id, secret) = await browser.CreateTokenAsync("leaked", scopes: ["read", "submit", "manage"]);
        using var leaked = new ApiClient(host, secret);

        // Even a token with every scope: making, listing and revoking tokens needs a signed-in session.
        var created = await DetailAsync(await leaked.PostAsync("account/tokens", new { name = "persistence" }), HttpStatusCode.Forbidden);
        Assert.Contains("signed-in browser session", created);
        Assert.Contains("API token", created);
        await DetailAsync(await leaked.Http.GetAsync("account/tokens"), HttpStatusCode.Forbidden);
        await DetailAsync(await leaked.Http.DeleteAsync($"account/tokens/{id}"), HttpStatusCode.Forbidden);
        Assert.Single((await browser.TokensAsync()).AsArray());

        // Revoking the leaked token from the session ends its access: nothing it could have made lives on.
        await ApiClient.ExpectAsync(await browser.SendAsync(HttpMethod.Delete, $"account/tokens/{id}"), HttpStatusCode.NoContent);
        await DetailAsync(await leaked.Http.GetAsync("account/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AScopedTokenDoesOnlyWhatItsScopesAllow()
    {
        var s = await Scenario.CreateAsync(host);
        using var browser = await BrowserSession.SignUpAsync(host, "scoped-admin");
        // An admin organizes every competition, so one account (also registered, to submit as a team) shows all three scopes at work.
        await host.DbAsync(db => db.Users.Where(u => u.Email == browser.Email).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAdmin, true)));
        await ApiClient.ExpectAsync(await browser.SendAsync(HttpMethod.Post, $"competitions/{s.Slug}/registrations",
            new { acceptRules = true, teamName = "Scoped" }), HttpStatusCode.Created);
        using var read = new ApiClient(host, (await browser.CreateTokenAsync("reader", ["read"])).Secret);
        using var submit = new ApiClient(host, (await browser.CreateTokenAsync("default", scopes: null)).Secret);
        using var manage = new ApiClient(host, (await browser.CreateTokenAsync("organizer", ["manage"])).Secret);
        var csv = s.PredictionCsv(0.01);
        var rename = new { slug = s.Slug, title = "Renamed" };

        await read.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine");
        Assert.Contains("'submit'", await DetailAsync(await read.SubmitAsync(s.PhaseId, "p.csv", csv), HttpStatusCode.Forbidden));
        Assert.Contains("'manage'", await DetailAsync(await read.PutAsync($"competitions/{s.Slug}", rename), HttpStatusCode.Forbidden));

        // No scopes named: read and submit.
        await ApiClient.ExpectAsync(await submit.SubmitAsync(s.PhaseId, "p.csv", csv), HttpStatusCode.Accepted);
        Assert.Contains("'manage'", await DetailAsync(await submit.PutAsync($"competitions/{s.Slug}", rename), HttpStatusCode.Forbidden));
        Assert.Contains("'manage'", await DetailAsync(await submit.Http.GetAsync("admin/users"), HttpStatusCode.Forbidden));

        await ApiClient.ExpectAsync(await manage.PutAsync($"competitions/{s.Slug}", rename), HttpStatusCode.OK);
        await manage.GetJsonAsync("admin/users");
        await manage.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine"); // every token reads
        Assert.Contains("'submit'", await DetailAsync(await manage.SubmitAsync(s.PhaseId, "p.csv", csv), HttpStatusCode.Forbidden));

        // The list says what each token may do.
        var scopes = (await browser.TokensAsync()).AsArray()
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => string.Join(",", t!["scopes"]!.AsArray().Select(x => x!.GetValue<string>())));
        Assert.Equal("read", scopes["reader"]);
        Assert.Equal("read,submit", scopes["default"]);
        Assert.Equal("read,manage", scopes["organizer"]);

        // A scope the platform does not know is refused by name.
        var unknown = await DetailAsync(await browser.SendAsync(HttpMethod.Post, "account/tokens", new { name = "x", scopes = new[] { "admin" } }),
            HttpStatusCode.BadRequest);
        Assert.Contains("'admin'", unknown);
        Assert.Contains("read, submit, manage", unknown);
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class ScopedTokenAttacksOnSqlite(SqliteDiskHost fixture) : ScopedTokenAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class ScopedTokenAttacksOnPostgres(PostgresS3Host fixture) : ScopedTokenAttacks(fixture.Host);
