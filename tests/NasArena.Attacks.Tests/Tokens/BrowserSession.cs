using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Tokens;

/// <summary>A signed-in browser: the session cookie, and the antiforgery header on every change, as the web UI sends them.</summary>
public sealed class BrowserSession : IDisposable
{
    private string? _xsrfHeader;
    private string? _xsrfToken;

    public HttpClient Http { get; }
    public string Email { get; }
    public string Password { get; } = "a long enough password";

    private BrowserSession(PlatformHost host, string email)
    {
        Email = email;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseAddress, "/api/v1/") };
    }

    /// <summary>A new account, registered and signed in through the API.</summary>
    public static async Task<BrowserSession> RegisterAsync(PlatformHost host, string name)
    {
        var session = new BrowserSession(host, $"{name}-{Guid.NewGuid():N}@example.org");
        await ApiClient.ExpectAsync(await session.Http.PostAsJsonAsync("account/register",
            new { email = session.Email, password = session.Password, displayName = name }), HttpStatusCode.Accepted);
        // Only a verified address may take part (ADR 0028): follow the mailed link as its owner would.
        await Mailbox.VerifyAsync(host, session.Email);
        await ApiClient.ExpectAsync(await session.Http.PostAsJsonAsync("account/login", new { email = session.Email, password = session.Password }), HttpStatusCode.OK);
        var xsrf = await ApiClient.ExpectAsync(await session.Http.GetAsync("account/antiforgery"), HttpStatusCode.OK);
        session._xsrfHeader = xsrf["headerName"]!.GetValue<string>();
        session._xsrfToken = xsrf["token"]!.GetValue<string>();
        return session;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(_xsrfHeader!, _xsrfToken);
        return await Http.SendAsync(request);
    }

    /// <summary>A new API token of this account; <paramref name="scopes"/> null: the request names none.</summary>
    public async Task<(Guid Id, string Secret)> CreateTokenAsync(string name, string[]? scopes)
    {
        var created = await ApiClient.ExpectAsync(await SendAsync(HttpMethod.Post, "account/tokens",
            scopes is null ? new { name } : new { name, scopes }), HttpStatusCode.Created);
        return (Guid.Parse(created["id"]!.GetValue<string>()), created["token"]!.GetValue<string>());
    }

    public async Task<JsonNode> TokensAsync() => await ApiClient.ExpectAsync(await Http.GetAsync("account/tokens"), HttpStatusCode.OK);

    public void Dispose() => Http.Dispose();
}
