using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Hosting;

/// <summary>
/// Web replicas behind a load balancer: two web processes (mode web) of this build on one PostgreSQL database, each
/// with a home folder of its own (where ASP.NET Core would keep a key ring by default, as a pod keeps its own). A
/// session cookie and an antiforgery token made by one are taken by the other: the key ring is in the database.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SharedKeysTests
{
    [Fact]
    public async Task ASessionCookieAndAnAntiforgeryTokenMadeByOneWebReplicaAreTakenByAnother()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-keys").FullName;
        var shared = await StackSettings.PostgresS3Async();
        await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
        await using var first = StartWeb(dir, "first", shared, out var firstUrl);
        await using var second = StartWeb(dir, "second", shared, out var secondUrl);
        await WaitForHealthAsync(first, firstUrl);
        await WaitForHealthAsync(second, secondUrl);

        // One browser (cookies are per host name, not per port): it signs in through the first replica.
        var cookies = new CookieContainer();
        using var viaFirst = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(firstUrl, "/api/v1/") };
        using var viaSecond = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(secondUrl, "/api/v1/") };
        var email = $"k-{Guid.NewGuid():N}@example.org";
        await ApiClient.ExpectAsync(await viaFirst.PostAsJsonAsync("account/register", new { email, password = "a long enough password", displayName = "K" }),
            HttpStatusCode.Accepted);
        await ApiClient.ExpectAsync(await viaFirst.PostAsJsonAsync("account/login", new { email, password = "a long enough password" }), HttpStatusCode.OK);
        var xsrf = await ApiClient.ExpectAsync(await viaFirst.GetAsync("account/antiforgery"), HttpStatusCode.OK);

        // The second replica reads the first one's session cookie ...
        var me = await ApiClient.ExpectAsync(await viaSecond.GetAsync("account/me"), HttpStatusCode.OK);
        Assert.Equal(email, me["email"]!.GetValue<string>());
        // ... and its antiforgery cookie and token, for a change.
        using var request = new HttpRequestMessage(HttpMethod.Post, "account/tokens") { Content = JsonContent.Create(new { name = "script", expiresInDays = 7 }) };
        request.Headers.Add(xsrf["headerName"]!.GetValue<string>(), xsrf["token"]!.GetValue<string>());
        var token = await ApiClient.ExpectAsync(await viaSecond.SendAsync(request), HttpStatusCode.Created);
        Assert.StartsWith("nsa_", token["token"]!.GetValue<string>());
        // Neither wrote a key ring to its home folder: the database holds the only one.
        foreach (var name in new[] { "first", "second" })
        {
            var home = Path.Combine(dir, "home-" + name);
            Assert.Empty(Directory.Exists(home) ? Directory.GetFiles(home, "*.xml", SearchOption.AllDirectories) : []);
        }
    }

    private static ChildProcess StartWeb(string dir, string name, Dictionary<string, string?> shared, out Uri url)
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepoRoot, "src", "NasArena.Web", "bin", configuration, "net10.0", "NasArena.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        url = new Uri($"http://127.0.0.1:{port}");
        var home = Directory.CreateDirectory(Path.Combine(dir, "home-" + name)).FullName;
        var env = shared.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        env["NasArena__Mode"] = "web";
        env["Storage__ScratchDir"] = Path.Combine(dir, "scratch-" + name);
        env["Logging__LogLevel__Default"] = "Warning";
        env["HOME"] = home;
        env["DOTNET_CLI_HOME"] = home;
        return ChildProcess.Start(dir, $"exec dotnet '{dll}' --urls {url}", env);
    }

    private static async Task WaitForHealthAsync(ChildProcess web, Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            Assert.False(web.HasExited, "The web process ended:\n" + web.Output);
            Assert.True(DateTime.UtcNow < deadline, "The web process did not answer /healthz within 3 minutes:\n" + web.Output);
            await Task.Delay(200);
        }
    }
}
