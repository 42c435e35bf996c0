using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Benchmarks.Platform;

/// <summary>Just enough of the REST API to set up a phase and submit to it, the way a browser and a script do.</summary>
public static class Api
{
    /// <summary>The web processes' mail pickup folder under the bench's scratch folder (WebProcess.ProductionEnv).</summary>
    public static string MailFolder(string scratch) => Path.Combine(scratch, "mail");

    private static string? _scratch;

    /// <summary>Where the processes of this run keep their scratch (and so their mail): set once by Program.</summary>
    public static void UseScratch(string scratch) => _scratch = scratch;

    /// <summary>A verified user (the mailed link followed) with an API token: unverified accounts may not submit.</summary>
    public static async Task<HttpClient> NewUserAsync(Uri url, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@bench.local";
        var cookies = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url, "/api/v1/") };
        await Ok(cookies.PostAsJsonAsync("account/register", new { email, password = "benchmark password", displayName = name }));
        await VerifyAsync(email);
        return await SignInAsync(url, email, "benchmark password", cookies);
    }

    /// <summary>An existing user's API token client, made from a signed-in session (tokens are never made with a token).</summary>
    public static async Task<HttpClient> SignInAsync(Uri url, string email, string password, HttpClient? cookies = null)
    {
        cookies ??= new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url, "/api/v1/") };
        await Ok(cookies.PostAsJsonAsync("account/login", new { email, password }));
        var xsrf = await Json(cookies.GetAsync("account/antiforgery"));
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "account/tokens") { Content = JsonContent.Create(new { name = "bench", scopes = new[] { "read", "submit", "manage" } }) };
        tokenRequest.Headers.Add(xsrf["headerName"]!.GetValue<string>(), xsrf["token"]!.GetValue<string>());
        var token = await Json(cookies.SendAsync(tokenRequest));
        var client = new HttpClient { BaseAddress = new Uri(url, "/api/v1/"), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        return client;
    }

    /// <summary>A new user's session cookie ("nasarena.session=..."), for a load generator that signs in as a browser does.</summary>
    public static async Task<string> SessionCookieAsync(Uri url, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@bench.local";
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = new Uri(url, "/api/v1/") };
        await Ok(client.PostAsJsonAsync("account/register", new { email, password = "benchmark password", displayName = name }));
        await Ok(client.PostAsJsonAsync("account/login", new { email, password = "benchmark password" }));
        var session = jar.GetCookies(url)["nasarena.session"] ?? throw new InvalidOperationException("Signing in set no nasarena.session cookie.");
        return $"{session.Name}={session.Value}";
    }

    private static async Task VerifyAsync(string email)
    {
        var folder = MailFolder(_scratch ?? throw new InvalidOperationException("Api.UseScratch was not called."));
        var link = Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => b.Address == email))
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.TextBody ?? "", @"https?://\S+/account/verify\?token=\S+").Value)
            .FirstOrDefault(l => l.Length > 0) ?? throw new InvalidOperationException($"No verification mail to {email} in {folder}.");
        using var http = new HttpClient();
        await Ok(http.GetAsync(link));
    }

    public static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    public static async Task<JsonNode> Json(Task<HttpResponseMessage> call) =>
        JsonNode.Parse(await (await Ok(call)).Content.ReadAsStringAsync())!;

    /// <summary>A competition with one track and an open phase; returns the phase id.</summary>
    public static async Task<string> PhaseAsync(HttpClient organizer, string kind, long maxBytes)
    {
        var slug = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await Ok(organizer.PostAsJsonAsync("competitions", new { slug, title = "Benchmark" }));
        await Ok(organizer.PostAsJsonAsync($"competitions/{slug}/tracks", new { slug = "track", title = "T", kind, maxSubmissionBytes = maxBytes }));
        var phase = await Json(organizer.PostAsJsonAsync($"competitions/{slug}/tracks/track/phases", new
        {
            slug = "phase",
            title = "P",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(1),
            primaryMetric = "kendall_tau",
        }));
        return phase["id"]!.GetValue<string>() + "|" + slug;
    }

    public static MultipartFormDataContent File(string name, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }
}
