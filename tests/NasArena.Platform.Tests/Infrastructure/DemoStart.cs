using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NasArena.Platform.Tests.Infrastructure;

public sealed record DemoAccount(string Role, string Email, string Password);

/// <summary>What a person does with a start of the demo: read the printed accounts, wait for the server, sign in.</summary>
public static partial class DemoStart
{
    /// <summary>
    /// The longest a start may take to print the accounts: a fresh clone's first `dotnet run` restores and builds, then
    /// seeds; about 1 minute measured on 2 cores with a warm NuGet cache (later starts: about 20 s). 15 minutes leaves room
    /// for a cold cache and a machine whose other core is busy.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    // The accounts block, or the server's first log line: seeding (and printing) comes before serving, so a start that
    // serves without printing the accounts has failed, and the test says so at once instead of waiting for the timeout.
    [GeneratedRegex(@"^Accounts \(.*\n(?:\s+\S+\s+\S+@\S+\s+\S+\n){3}|Now listening on: ", RegexOptions.Multiline)]
    private static partial Regex AccountsBlock();

    [GeneratedRegex(@"^\s+(admin|organizer|participant)\s+(\S+@\S+)\s+(\S+)$", RegexOptions.Multiline)]
    private static partial Regex AccountLine();

    /// <summary>Waits for the block of accounts the start prints and parses it.</summary>
    public static async Task<Dictionary<string, DemoAccount>> AccountsAsync(ChildProcess app, TimeSpan? timeout = null)
    {
        var block = await app.WaitForOutputAsync(AccountsBlock(), "the demo accounts", timeout ?? Timeout);
        Assert.False(block.Value.StartsWith("Now listening", StringComparison.Ordinal),
            $"`{app.Command}` started serving without printing the demo accounts. Its output:\n{app.Output}");
        return AccountLine().Matches(block.Value).ToDictionary(m => m.Groups[1].Value, m => new DemoAccount(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
    }

    /// <summary>The server answers once seeding is over; a minute is many times the few seconds it takes.</summary>
    public static async Task ServingAsync(ChildProcess app, Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(app.HasExited, $"`{app.Command}` ended before it served {url}. Its output:\n{app.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"`{app.Command}` did not answer {url}healthz within 3 minutes. Its output:\n{app.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Signs in through the REST API as a browser does (cookie session) and returns that session.</summary>
    public static async Task<HttpClient> SignInAsync(Uri url, DemoAccount account)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url, "/api/v1/") };
        var login = await browser.PostAsJsonAsync("account/login", new { email = account.Email, password = account.Password });
        Assert.True(login.StatusCode == HttpStatusCode.OK,
            $"Signing in as the {account.Role} ({account.Email}) with the printed password: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        var me = await ApiClient.ExpectAsync(await browser.GetAsync("account/me"), HttpStatusCode.OK);
        Assert.Equal(account.Email, me["email"]!.GetValue<string>());
        Assert.Equal(account.Role == "admin", me["isAdmin"]!.GetValue<bool>());
        return browser;
    }

    public static async Task<HttpStatusCode> TrySignInAsync(Uri url, DemoAccount account)
    {
        using var browser = new HttpClient { BaseAddress = new Uri(url, "/api/v1/") };
        return (await browser.PostAsJsonAsync("account/login", new { email = account.Email, password = account.Password })).StatusCode;
    }

    public static async Task<JsonNode> GetAsync(HttpClient session, string path) =>
        await ApiClient.ExpectAsync(await session.GetAsync(path), HttpStatusCode.OK);
}
