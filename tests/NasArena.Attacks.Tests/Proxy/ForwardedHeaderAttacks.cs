using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Proxy;

/// <summary>
/// Issue 23, Why 18: behind a TLS-terminating proxy the cookies are Secure and HSTS is sent, because the proxy's
/// X-Forwarded-Proto is believed; from any address not configured as a proxy the header is ignored (else anyone could
/// claim to be https, or spoof the client address the rate limits partition by). No database is involved: SQLite only.
/// </summary>
[Collection(OwnHostAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class ForwardedHeaderAttacks
{
    /// <summary>A page and the antiforgery endpoint, as a proxy that terminated TLS for arena.example.org forwards them.</summary>
    private static async Task<(HttpResponseMessage Api, HttpResponseMessage Page)> ForwardedAsync(PlatformHost host)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        async Task<HttpResponseMessage> Get(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "arena.example.org";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        return (await Get("/api/v1/account/antiforgery"), await Get("/account/sign-in"));
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task HttpsForwardedByAConfiguredProxyGetsSecureCookiesAndHsts()
    {
        await using var host = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        var (api, page) = await ForwardedAsync(host);
        var cookies = Cookies(api).Concat(Cookies(page)).ToList();
        Assert.Contains(cookies, c => c.StartsWith("nasarena.antiforgery=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(api.Headers.Contains("Strict-Transport-Security"), string.Join("\n", api.Headers));
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), string.Join("\n", page.Headers));
    }

    [Fact]
    public async Task ForwardedHeadersFromAnUnlistedAddressAreIgnored()
    {
        await using var host = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
            ["ForwardedHeaders:KnownNetworks:0"] = "198.51.100.0/24",
        });
        var (api, page) = await ForwardedAsync(host);
        var cookies = Cookies(api).Concat(Cookies(page)).ToList();
        Assert.Contains(cookies, c => c.StartsWith("nasarena.antiforgery=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.False(api.Headers.Contains("Strict-Transport-Security"));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }
}
