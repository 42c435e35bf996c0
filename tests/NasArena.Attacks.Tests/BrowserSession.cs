using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests;

/// <summary>
/// A browser's view of the REST API: a cookie jar, no redirects followed, and the antiforgery header on every change
/// (ADR 0009), fetched for the session as it stands (a sign-in changes it). The one copy for every attack folder.
/// </summary>
public sealed class BrowserSession(PlatformHost host) : IDisposable
{
    public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(host.BaseAddress, "/api/v1/"),
    };

    /// <summary>The address of the account <see cref="SignUpAsync"/> made (null for a session that made none).</summary>
    public string? Email { get; private set; }

    public string Password { get; } = "a long enough password";

    /// <summary>A new account, registered, verified through its mailed link (ADR 0028) and signed in.</summary>
    public static async Task<BrowserSession> SignUpAsync(PlatformHost host, string name)
    {
        var session = new BrowserSession(host) { Email = $"{name}-{Guid.NewGuid():N}@example.org" };
        await ApiClient.ExpectAsync(await session.RegisterAsync(session.Email, session.Password, name), HttpStatusCode.Accepted);
        await Mailbox.VerifyAsync(host, session.Email);
        await session.SignInAsync(session.Email, session.Password);
        return session;
    }

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string displayName) =>
        Http.PostAsJsonAsync("account/register", new { email, password, displayName });

    public async Task SignInAsync(string email, string password) =>
        await ApiClient.ExpectAsync(await Http.PostAsJsonAsync("account/login", new { email, password }), HttpStatusCode.OK);

    /// <summary>A change, with the antiforgery token fetched for this session.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var xsrf = await ApiClient.ExpectAsync(await Http.GetAsync("account/antiforgery"), HttpStatusCode.OK);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ApiClient.Json) };
        request.Headers.Add(xsrf["headerName"]!.GetValue<string>(), xsrf["token"]!.GetValue<string>());
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);

    /// <summary>An API token of the signed-in user with every scope (ADR 0026), for a script's view of the same account: what
    /// it is refused is refused for the account's sake, not the token's.</summary>
    public async Task<ApiClient> TokenAsync(PlatformHost host)
    {
        var token = await ApiClient.ExpectAsync(await PostAsync("account/tokens",
            new { name = "attack", expiresInDays = 7, scopes = new[] { "read", "submit", "manage" } }), HttpStatusCode.Created);
        return new ApiClient(host, token["token"]!.GetValue<string>());
    }

    /// <summary>A new API token of this account; <paramref name="scopes"/> null: the request names none.</summary>
    public async Task<(Guid Id, string Secret)> CreateTokenAsync(string name, string[]? scopes)
    {
        var created = await ApiClient.ExpectAsync(await PostAsync("account/tokens", scopes is null ? new { name } : new { name, scopes }), HttpStatusCode.Created);
        return (Guid.Parse(created["id"]!.GetValue<string>()), created["token"]!.GetValue<string>());
    }

    public async Task<JsonNode> TokensAsync() => await ApiClient.ExpectAsync(await Http.GetAsync("account/tokens"), HttpStatusCode.OK);

    public async Task<JsonNode> MeAsync(HttpStatusCode expected = HttpStatusCode.OK) => await ApiClient.ExpectAsync(await Http.GetAsync("account/me"), expected);

    public void Dispose() => Http.Dispose();
}
