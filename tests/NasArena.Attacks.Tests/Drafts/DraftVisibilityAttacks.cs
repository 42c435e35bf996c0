using System.Net;
using System.Text;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Drafts;

/// <summary>
/// Issue 23, why 16: a draft competition is its organizers' (and admins') business; to anyone else every route answers
/// as if it did not exist (404), whether they guess its slug or a phase id. Both stacks.
/// </summary>
public abstract class DraftVisibilityAttacks(PlatformHost host)
{
    [Fact]
    public async Task ADraftIsInvisibleByEveryRouteToAllButItsOrganizers()
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var slug = "d-" + Guid.NewGuid().ToString("N")[..10];
        var secret = "Secret title " + Guid.NewGuid().ToString("N")[..8];
        await organizer.PostJsonAsync("competitions", new { slug, title = secret, rules = "Be fair.", draft = true }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new { slug = "prediction", title = secret, kind = "Predictor" }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "prediction", "kendall_tau");
        var publicAsset = await ApiClient.ExpectAsync(await organizer.UploadAssetAsync(phaseId, "training-data", "training.json",
            Encoding.UTF8.GetBytes("{\"a\": {\"arch\": \"a\", \"acc\": 0.5}}"), isPublic: true), HttpStatusCode.Created);
        var assetId = publicAsset["id"]!.GetValue<string>();

        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var outsider = await Scenario.NewUserAsync(host, "outsider");
        var anonymous = new ApiClient(host);
        var routes = new (string Name, Func<ApiClient, Task<HttpResponseMessage>> Call)[]
        {
            ("GET competition", c => c.Http.GetAsync($"competitions/{slug}")),
            ("GET phase", c => c.Http.GetAsync($"phases/{phaseId}")),
            ("GET assets", c => c.Http.GetAsync($"phases/{phaseId}/assets")),
            ("GET public asset", c => c.Http.GetAsync($"phases/{phaseId}/assets/{assetId}/download")),
            ("GET leaderboard", c => c.Http.GetAsync($"phases/{phaseId}/leaderboard")),
            ("GET private leaderboard", c => c.Http.GetAsync($"phases/{phaseId}/leaderboard?board=private")),
            ("GET leaderboard CSV", c => c.Http.GetAsync($"phases/{phaseId}/leaderboard.csv")),
            ("GET my submissions", c => c.Http.GetAsync($"phases/{phaseId}/submissions/mine")),
            ("POST submission", c => c.SubmitAsync(phaseId, "p.csv", Encoding.UTF8.GetBytes("arch_id,prediction\na,0.5\n"))),
            ("POST upload", c => c.PostAsync($"phases/{phaseId}/uploads", new { fileName = "p.csv", sizeBytes = 10 })),
            ("POST registration", c => c.PostAsync($"competitions/{slug}/registrations", new { acceptRules = true, teamName = "Early birds" })),
            ("GET registration", c => c.Http.GetAsync($"competitions/{slug}/registration")),
            ("GET publish check", c => c.Http.GetAsync($"competitions/{slug}/publish-check")),
        };
        var leaks = new List<string>();
        foreach (var (who, client) in new[] { ("outsider", outsider), ("anonymous", anonymous) })
        {
            foreach (var (name, call) in routes)
            {
                using var response = await call(client);
                var body = await response.Content.ReadAsStringAsync();
                // Anonymous callers of signed-in routes get 401 before anything is looked up: that says nothing of the draft.
                var expected = who == "anonymous" && response.StatusCode == HttpStatusCode.Unauthorized ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound;
                if (response.StatusCode != expected || body.Contains(secret))
                {
                    leaks.Add($"{who} {name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                }
            }
            foreach (var page in new[] { $"/competitions/{slug}", $"/phases/{phaseId}/leaderboard", $"/phases/{phaseId}/submissions/mine" })
            {
                using var http = new HttpClient { BaseAddress = host.BaseAddress };
                if (client.Token is { } token)
                {
                    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }
                var html = await (await http.GetAsync(page)).Content.ReadAsStringAsync();
                if (html.Contains(secret))
                {
                    leaks.Add($"{who} page {page} shows the draft's title");
                }
            }
        }
        Assert.True(leaks.Count == 0, "The draft leaks:\n" + string.Join('\n', leaks));

        // Its organizers and admins see it all.
        foreach (var insider in new[] { organizer, admin })
        {
            await insider.GetJsonAsync($"competitions/{slug}");
            await insider.GetJsonAsync($"phases/{phaseId}");
            await insider.GetJsonAsync($"phases/{phaseId}/leaderboard");
            using var download = await insider.Http.GetAsync($"phases/{phaseId}/assets/{assetId}/download");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class DraftVisibilityAttacksOnSqlite(SqliteDiskHost fixture) : DraftVisibilityAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class DraftVisibilityAttacksOnPostgres(PostgresS3Host fixture) : DraftVisibilityAttacks(fixture.Host);
