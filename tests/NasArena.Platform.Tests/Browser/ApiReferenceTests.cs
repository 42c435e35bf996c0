using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The API reference page (/scalar/v1) is self-contained: a browser that opens it asks no host but the app, so it works
/// on a closed network and tells no third party who reads it; and it shows NasArena's API, not the vendor's offers.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ApiReferenceTests(SqliteDiskHost fixture)
{
    private const string Chromium = "/usr/bin/chromium"; // Debian's, installed by scripts/install-test-deps.sh
    private readonly PlatformHost _host = fixture.Host;

    private string Origin => _host.BaseAddress.GetLeftPart(UriPartial.Authority);

    [GeneratedRegex(@"https?://[^\s""'`<>)]+")]
    private static partial Regex AbsoluteUrl();

    /// <summary>Opens the page in headless Chromium, lets its scripts run, and returns the DOM and every request the page made.</summary>
    private async Task<(string Dom, List<string> PageRequests, List<string> OutsideRequests)> OpenInChromiumAsync(string path)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/install-test-deps.sh installs Debian's chromium.");
        var dir = Directory.CreateTempSubdirectory("nasarena-chromium").FullName;
        try
        {
            var netLog = Path.Combine(dir, "net.json");
            var dom = Path.Combine(dir, "dom.html");
            // Name resolution of every host but the loopback fails, so nothing leaves the machine even if the page tries;
            // the attempt is still in the net log. --no-sandbox: the suite runs as root.
            await using var browser = ChildProcess.Start(dir,
                $"exec {Chromium} --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir={dir}/profile " +
                $"--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' --log-net-log={netLog} --virtual-time-budget=15000 " +
                $"--dump-dom {Origin}{path} > {dom}", new Dictionary<string, string?>());
            var exit = await browser.WaitForExitAsync("Chromium opening " + path, TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, $"Chromium ended with {exit}: {browser.Output}");

            // Requests the page made carry its origin as initiator; Chromium's own (updates, sign-in) carry none.
            using var log = JsonDocument.Parse(await File.ReadAllTextAsync(netLog));
            var made = log.RootElement.GetProperty("events").EnumerateArray()
                .Where(e => e.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                    && p.TryGetProperty("initiator", out var i) && i.GetString() == Origin && p.TryGetProperty("url", out _))
                .Select(e => e.GetProperty("params").GetProperty("url").GetString()!)
                .Distinct().ToList();
            return (await File.ReadAllTextAsync(dom), made, made.Where(u => !u.StartsWith(Origin + "/", StringComparison.Ordinal)).ToList());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TheApiReferenceOpenedInChromiumRequestsNothingFromAnotherHost()
    {
        var (dom, made, outside) = await OpenInChromiumAsync("/scalar/v1");
        Assert.True(outside.Count == 0, $"The page asked other hosts for: {string.Join(", ", outside)}");
        // It did run: it fetched its script and the OpenAPI document, and shows the API's routes.
        Assert.Contains($"{Origin}/scalar/scalar.js", made);
        Assert.Contains($"{Origin}/openapi/v1.json", made);
        Assert.Contains("/api/v1/account/register", dom);
    }

    [Fact]
    public async Task TheApiReferenceShowsNoneOfTheVendorsButtons()
    {
        var (dom, _, _) = await OpenInChromiumAsync("/scalar/v1");
        foreach (var offer in new[] { "Deploy", "Generate SDK", "Ask AI", "Developer Tools", "Open API Client" })
        {
            Assert.DoesNotContain(offer, dom);
        }
    }

    [Fact]
    public async Task TheApiReferencePageAndItsOwnScriptNameNoOutsideHost()
    {
        // The HTML and the small integration script are ours to keep clean: no absolute URL at all. The vendor's bundle
        // (scalar.js, 5 MB) holds hundreds of URLs as data (documentation links, examples, the fonts' CDN when fonts are
        // on), so what it does is judged by what a browser requests (the Chromium test above), not by its strings.
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        var html = await http.GetStringAsync("/scalar/v1");
        var script = await http.GetAsync("/scalar/scalar.aspnetcore.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        foreach (var (what, text) in new[] { ("/scalar/v1", html), ("/scalar/scalar.aspnetcore.js", await script.Content.ReadAsStringAsync()) })
        {
            var urls = AbsoluteUrl().Matches(text).Select(m => m.Value).Where(u => !u.StartsWith(Origin + "/", StringComparison.Ordinal)).ToList();
            Assert.True(urls.Count == 0, $"{what} names outside hosts: {string.Join(", ", urls)}");
        }
    }
}
