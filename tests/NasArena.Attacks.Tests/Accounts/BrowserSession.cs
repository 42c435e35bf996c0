using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Accounts;

/// <summary>A browser's view of the REST API: a cookie jar, and the antiforgery header on every change (ADR 0009).</summary>
public sealed class BrowserSession(PlatformHost host) : IDisposable
{
    public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(host.BaseAddress, "/api/v1/"),
    };

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string displayName) =>
        Http.PostAsJsonAsync("account/register", new { email, password, displayName });

    public async Task SignInAsync(string email, string password) =>
        await ApiClient.ExpectAsync(await Http.PostAsJsonAsync("account/login", new { email, password }), HttpStatusCode.OK);

    /// <summary>A change, with the antiforgery token fetched for this session.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object? body)
    {
        var xsrf = await ApiClient.ExpectAsync(await Http.GetAsync("account/antiforgery"), HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiClient.Json) };
        request.Headers.Add(xsrf["headerName"]!.GetValue<string>(), xsrf["token"]!.GetValue<string>());
        return await Http.SendAsync(request);
    }

    /// <summary>An API token of the signed-in user with every scope (ADR 0026), for a script's view of the same account: what
    /// it is refused is refused for the account's sake, not the token's.</summary>
    public async Task<ApiClient> TokenAsync(PlatformHost host)
    {
        var token = await ApiClient.ExpectAsync(await PostAsync("account/tokens",
            new { name = "attack", expiresInDays = 7, scopes = new[] { "read", "submit", "manage" } }), HttpStatusCode.Created);
        return new ApiClient(host, token["token"]!.GetValue<string>());
    }

    public async Task<JsonNode> MeAsync(HttpStatusCode expected = HttpStatusCode.OK) => await ApiClient.ExpectAsync(await Http.GetAsync("account/me"), expected);

    public void Dispose() => Http.Dispose();
}
