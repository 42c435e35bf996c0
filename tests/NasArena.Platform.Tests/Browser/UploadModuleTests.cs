using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Accounts;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// The browser's upload module (wwwroot/js/upload.js) in headless Chromium against the app on Kestrel: signed in with
/// the session cookie (so every change carries the antiforgery header), a chunk request aborted on the way, a reload.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UploadModuleTests(SqliteDiskHost fixture)
{
    private const string Chromium = "/usr/bin/chromium"; // Debian's, installed by scripts/install-test-deps.sh
    private const string Password = "a long enough password";
    private const int ChunkBytes = 1 << 20;
    private readonly PlatformHost _host = fixture.Host;

    private string Origin => _host.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/install-test-deps.sh installs Debian's chromium.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A participant registered for the scenario's competition, and its prediction file padded to some MB.</summary>
    private async Task<(Scenario S, string Email, ApiClient Api, string File)> ParticipantAsync()
    {
        var s = await Scenario.CreateAsync(_host);
        var email = $"browser-{Guid.NewGuid():N}@example.org";
        var token = await _host.InScopeAsync(async sp =>
        {
            var accounts = sp.GetRequiredService<AccountService>();
            var user = await accounts.RegisterAsync(email, Password, "Browser", CancellationToken.None);
            return (await accounts.CreateTokenAsync(user.Id, "tests", 30, [.. TokenScopes.All], CancellationToken.None)).Token;
        });
        var api = new ApiClient(_host, token);
        await api.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Browsers" }, HttpStatusCode.Created);
        // JSON predictions after 3 MiB of leading whitespace (JSON allows it): a file of several chunks that still scores.
        var json = new JsonObject();
        var random = new Random(5);
        foreach (var (id, acc, _) in s.QuerySet)
        {
            json[id] = new JsonObject { ["acc"] = acc + 0.01 * (random.NextDouble() - 0.5) };
        }
        return (s, email, api, new string(' ', 3 << 20) + json.ToJsonString());
    }

    private async Task<IPage> SignedInPageAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Origin}/healthz");
        var status = await page.EvaluateAsync<int>(
            "async ([email, password]) => (await fetch('/api/v1/account/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, " +
            "body: JSON.stringify({ email, password }) })).status", new object[] { email, Password });
        Assert.Equal(200, status);
        return page;
    }

    private const string UploadScript = """
        async ([phaseId, text, chunkBytes, retries]) => {
          const m = await import('/js/upload.js');
          const file = new File([text], 'predictions.json', { type: 'application/json', lastModified: 1700000000000 });
          const seen = { progress: [], started: null };
          try {
            const submission = await m.upload(file, phaseId, {
              chunkBytes, retries,
              onStarted: (info) => { seen.started = info; },
              onProgress: (p) => seen.progress.push(p),
            });
            return JSON.stringify({ ...seen, submission, stored: m.storedUploadId(file, phaseId) });
          } catch (e) {
            return JSON.stringify({ ...seen, error: { status: e.status, detail: e.detail }, stored: m.storedUploadId(file, phaseId) });
          }
        }
        """;

    [Fact]
    public async Task TheModuleUploadsInChunksReportsProgressAndResumesAfterAnAbortedChunk()
    {
        var (s, email, api, text) = await ParticipantAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await SignedInPageAsync(context, email);
        var puts = 0;
        var aborted = false;
        await page.RouteAsync("**/api/v1/uploads/*", async route =>
        {
            // The second chunk's request is dropped once, as a lost connection would drop it.
            if (route.Request.Method == "PUT" && ++puts == 2 && !aborted)
            {
                aborted = true;
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });

        var r = JsonNode.Parse(await page.EvaluateAsync<string>(UploadScript, new object[] { s.PhaseId.ToString(), text, ChunkBytes, 8 }))!;
        Assert.True(r["error"] is null, $"The upload failed: {r.ToJsonString()}");
        Assert.True(aborted);
        var total = Encoding.UTF8.GetByteCount(text);
        var progress = r["progress"]!.AsArray();
        Assert.True(progress.Count >= total / ChunkBytes, $"Only {progress.Count} progress events for {total} bytes.");
        Assert.Equal(total, progress[^1]!["bytesSent"]!.GetValue<long>());
        Assert.True(progress[^1]!["retries"]!.GetValue<int>() >= 1, "No retry was reported after the aborted chunk.");
        Assert.Contains(progress, p => p!["bytesPerSecond"]!.GetValue<long>() > 0);
        Assert.Contains("of 20 submissions left today", r["started"]!["quota"]!["summary"]!.GetValue<string>());
        Assert.Null(r["stored"]);

        var id = Guid.Parse(r["submission"]!["id"]!.GetValue<string>());
        var scored = await api.WaitForFinalAsync(id);
        Assert.Equal("Scored", scored["status"]!.GetValue<string>());
        Assert.Equal("predictions.json", scored["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task AfterAReloadTheModuleResumesTheUploadItStoredForTheSameFile()
    {
        var (s, email, api, text) = await ParticipantAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await SignedInPageAsync(context, email);
        // Every chunk after the first two fails: the upload gives up with its id kept in localStorage.
        var puts = 0;
        await page.RouteAsync("**/api/v1/uploads/*", async route =>
        {
            if (route.Request.Method == "PUT" && ++puts > 2)
            {
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });
        var first = JsonNode.Parse(await page.EvaluateAsync<string>(UploadScript, new object[] { s.PhaseId.ToString(), text, ChunkBytes, 0 }))!;
        Assert.Equal(0, first["error"]!["status"]!.GetValue<int>());
        var uploadId = first["stored"]!.GetValue<string>();
        Assert.Equal(first["started"]!["uploadId"]!.GetValue<string>(), uploadId);

        await page.UnrouteAllAsync();
        await page.ReloadAsync();
        var second = JsonNode.Parse(await page.EvaluateAsync<string>(UploadScript, new object[] { s.PhaseId.ToString(), text, ChunkBytes, 8 }))!;
        Assert.True(second["error"] is null, $"The resumed upload failed: {second.ToJsonString()}");
        Assert.True(second["started"]!["resumed"]!.GetValue<bool>());
        Assert.Equal(uploadId, second["started"]!["uploadId"]!.GetValue<string>());
        Assert.Equal(2L * ChunkBytes, second["started"]!["offset"]!.GetValue<long>());
        Assert.Equal(2L * ChunkBytes, second["progress"]![0]!["bytesSent"]!.GetValue<long>());
        var id = Guid.Parse(second["submission"]!["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await api.WaitForFinalAsync(id))["status"]!.GetValue<string>());
    }
}
