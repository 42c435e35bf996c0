using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>Every endpoint against every kind of caller: anonymous, another team's participant, the participant,
/// an organizer of another competition, the organizer and an admin; and the admin's tokens of each scope.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuthorizationMatrixTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    private sealed record Callers(ApiClient Anonymous, ApiClient OtherTeam, ApiClient Participant, ApiClient OtherOrganizer, ApiClient Organizer, ApiClient Admin)
    {
        public IEnumerable<(string Role, ApiClient Client)> All =>
        [
            ("anonymous", Anonymous), ("participant of another team", OtherTeam), ("participant", Participant),
            ("organizer of another competition", OtherOrganizer), ("organizer", Organizer), ("admin", Admin),
        ];
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private static int[] Codes(params int[] codes) => codes;

    /// <summary>A browser page, fetched without following redirects, as the client's user (its token, when it has one).</summary>
    private async Task<HttpResponseMessage> PageAsync(ApiClient client, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        if (client.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        var response = await http.GetAsync(path);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [Fact]
    public async Task EveryEndpointAnswersEachKindOfCallerAsTheRulesSay()
    {
        var s = await Scenario.CreateAsync(_host);
        var otherTeam = await Scenario.NewUserAsync(_host, "other-team");
        await otherTeam.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Other team" }, HttpStatusCode.Created);
        var otherOrganizer = await Scenario.NewOrganizerAsync(_host, "other-organizer");
        await otherOrganizer.PostJsonAsync("competitions", new { slug = "o-" + Guid.NewGuid().ToString("N")[..8], title = "Other" }, HttpStatusCode.Created);
        var callers = new Callers(new ApiClient(_host), otherTeam, s.Participant, otherOrganizer, s.Organizer, await Scenario.NewUserAsync(_host, "admin", admin: true));

        var submission = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        await s.Participant.WaitForFinalAsync(submission);
        var hidden = (await s.Organizer.GetJsonAsync($"phases/{s.PhaseId}/assets")).AsArray().Single()!["id"]!.GetValue<string>();
        var registration = (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/registrations")).AsArray()[0]!["id"]!.GetValue<string>();
        var phaseBody = new { title = "Stage 1", startsAt = DateTimeOffset.UtcNow.AddDays(-1), endsAt = DateTimeOffset.UtcNow.AddDays(30), primaryMetric = "kendall_tau", slug = "stage-1" };
        var csv = s.PredictionCsv(0.02);
        var n = 0;
        var target = (await (await Scenario.NewUserAsync(_host, "target")).GetJsonAsync("account/me"))["id"]!.GetValue<string>();

        // Expected status per caller, in the order of Callers.All.
        var matrix = new List<(string Endpoint, Func<ApiClient, Task<HttpResponseMessage>> Call, int[] Expected, string Scope)>
        {
            ("GET competitions", c => c.Http.GetAsync("competitions"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("GET competition", c => c.Http.GetAsync($"competitions/{s.Slug}"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("PUT competition", c => c.PutAsync($"competitions/{s.Slug}", new { slug = s.Slug, title = "Renamed" }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET publish check", c => c.Http.GetAsync($"competitions/{s.Slug}/publish-check"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST publish", c => c.PostAsync($"competitions/{s.Slug}/publish", null), Codes(401, 403, 403, 403, 200, 200), "manage"),
            // Organizers are invited (ADR 0028): a fresh address each call, so no call meets a pending invitation (409).
            ("POST invitation", c => c.PostAsync($"competitions/{s.Slug}/invitations", new { email = $"invitee{++n}@example.org" }), Codes(401, 403, 403, 403, 201, 201), "manage"),
            ("GET invitations", c => c.Http.GetAsync($"competitions/{s.Slug}/invitations"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST track", c => c.PostAsync($"competitions/{s.Slug}/tracks", new { slug = $"t{++n}", title = "T", kind = "Predictor" }), Codes(401, 403, 403, 403, 201, 201), "manage"),
            ("POST phase", c => c.PostAsync($"competitions/{s.Slug}/tracks/prediction/phases", phaseBody with { slug = $"p{++n}" }), Codes(401, 403, 403, 403, 201, 201), "manage"),
            ("PUT phase", c => c.PutAsync($"phases/{s.PhaseId}", phaseBody), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET registrations", c => c.Http.GetAsync($"competitions/{s.Slug}/registrations"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST approve", c => c.PostAsync($"competitions/{s.Slug}/registrations/{registration}/approve", null), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST hidden asset", c => c.UploadAssetAsync(s.PhaseId, "query-set", "q.json", Scenario.QuerySetJson(s.QuerySet)), Codes(401, 403, 403, 403, 201, 201), "manage"),
            ("GET hidden asset", c => c.Http.GetAsync($"phases/{s.PhaseId}/assets/{hidden}/download"), Codes(404, 404, 404, 404, 200, 200), "read"),
            ("POST submission", c => c.SubmitAsync(s.PhaseId, "p.csv", csv), Codes(401, 202, 202, 403, 202, 202), "submit"),
            ("GET submission", c => c.Http.GetAsync($"submissions/{submission}"), Codes(401, 404, 200, 404, 200, 200), "read"),
            ("GET my submissions", c => c.Http.GetAsync($"phases/{s.PhaseId}/submissions/mine"), Codes(401, 200, 200, 200, 200, 200), "read"),
            // Final picks, freeze and reveal (issue 25): the picks are the team's own, organizers included (ADR 0040).
            ("PUT finals", c => c.PutAsync($"phases/{s.PhaseId}/finals", new { finalPicks = 2 }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET finals", c => c.Http.GetAsync($"phases/{s.PhaseId}/finals"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("GET final picks", c => c.Http.GetAsync($"phases/{s.PhaseId}/final-picks"), Codes(401, 200, 200, 403, 403, 403), "read"),
            ("POST final pick", c => c.PostAsync($"submissions/{submission}/final-pick", null), Codes(401, 404, 200, 404, 403, 403), "submit"),
            ("DELETE final pick", c => c.Http.DeleteAsync($"submissions/{submission}/final-pick"), Codes(401, 404, 200, 404, 403, 403), "submit"),
            ("GET final standings", c => c.Http.GetAsync($"phases/{s.PhaseId}/final-standings"), Codes(403, 403, 403, 403, 200, 200), "read"),
            ("GET all submissions", c => c.Http.GetAsync($"phases/{s.PhaseId}/submissions"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST cancel", c => c.PostAsync($"submissions/{submission}/cancel", null), Codes(401, 404, 409, 404, 409, 409), "submit"),
            ("PATCH flags", c => c.Http.PatchAsJsonAsync($"submissions/{submission}/flags", new { hidden = false }), Codes(401, 404, 403, 404, 200, 200), "manage"),
            ("POST rescore", c => c.PostAsync($"submissions/{submission}/rescore", null), Codes(401, 404, 403, 404, 200, 200), "manage"),
            ("POST rescore phase", c => c.PostAsync($"phases/{s.PhaseId}/submissions/rescore", null), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET phase rescores", c => c.Http.GetAsync($"phases/{s.PhaseId}/rescores"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET phase rescores private", c => c.Http.GetAsync($"phases/{s.PhaseId}/rescores?board=private"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET submission rescores", c => c.Http.GetAsync($"submissions/{submission}/rescores"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET submission pairs", c => c.Http.GetAsync($"submissions/{submission}/pairs"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET public leaderboard", c => c.Http.GetAsync($"phases/{s.PhaseId}/leaderboard"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("GET private leaderboard", c => c.Http.GetAsync($"phases/{s.PhaseId}/leaderboard?board=private"), Codes(403, 403, 403, 403, 200, 200), "read"),
            ("GET leaderboard CSV", c => c.Http.GetAsync($"phases/{s.PhaseId}/leaderboard.csv"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST publish private", c => c.PostAsync($"phases/{s.PhaseId}/private-leaderboard", new { published = false }), Codes(401, 403, 403, 403, 204, 204), "manage"),
            ("POST token", c => c.PostAsync("account/tokens", new { name = "x" }), Codes(401, 403, 403, 403, 403, 403), "session"),
            ("POST reveal", c => c.PostAsync($"phases/{s.PhaseId}/reveal", null), Codes(401, 403, 403, 403, 200, 200), "manage"),
            // Organizing and admin endpoints (issue 11).
            ("GET competition submissions", c => c.Http.GetAsync($"competitions/{s.Slug}/submissions"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET submissions CSV", c => c.Http.GetAsync($"competitions/{s.Slug}/submissions.csv"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET submissions zip", c => c.Http.GetAsync($"competitions/{s.Slug}/submissions.zip"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST bulk", c => c.PostAsync($"competitions/{s.Slug}/submissions/bulk", new { action = "Unhide", ids = new[] { submission } }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("POST confirmed phase rescore", c => c.PostAsync($"phases/{s.PhaseId}/submissions/rescore-confirmed", new { confirm = "not the name" }), Codes(401, 403, 403, 403, 400, 400), "manage"),
            ("GET registrations CSV", c => c.Http.GetAsync($"competitions/{s.Slug}/registrations.csv"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET teams", c => c.Http.GetAsync($"competitions/{s.Slug}/teams"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET statistics", c => c.Http.GetAsync($"competitions/{s.Slug}/statistics"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            // Quota policy and compute accounting (issue 25, ADRs 0043 and 0045): a team reads its own quota, organizers set the rule.
            ("GET compute statistics", c => c.Http.GetAsync($"competitions/{s.Slug}/statistics/compute"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET quota", c => c.Http.GetAsync($"phases/{s.PhaseId}/quota"), Codes(401, 200, 200, 403, 200, 200), "read"),
            ("GET quota policy", c => c.Http.GetAsync($"phases/{s.PhaseId}/quota-policy"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("PUT quota policy", c => c.PutAsync($"phases/{s.PhaseId}/quota-policy", new { policy = "Count" }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            // Debug runs (issue 25, ADR 0044): read like the phase, set by its organizers.
            ("GET debug runs", c => c.Http.GetAsync($"phases/{s.PhaseId}/debug-runs"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("PUT debug runs", c => c.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 2 }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            // Fair queues and notifications (issue 25, ADR 0046 and 0047).
            ("GET fair queue", c => c.Http.GetAsync($"competitions/{s.Slug}/fair-queue"), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("PUT fair queue", c => c.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = 2 }), Codes(401, 403, 403, 403, 200, 200), "manage"),
            ("GET announcements", c => c.Http.GetAsync($"competitions/{s.Slug}/announcements"), Codes(200, 200, 200, 200, 200, 200), "read"),
            ("POST announcement", c => c.PostAsync($"competitions/{s.Slug}/announcements", new { subject = "Matrix", body = "Matrix test." }), Codes(401, 403, 403, 403, 201, 201), "manage"),
            ("GET mail settings", c => c.Http.GetAsync("account/notifications"), Codes(401, 200, 200, 200, 200, 200), "read"),
            ("PUT mail settings", c => c.PutAsync("account/notifications", new { submissionEnded = true, announcements = true }), Codes(401, 200, 200, 200, 200, 200), "submit"),
            ("GET admin users", c => c.Http.GetAsync("admin/users"), Codes(401, 403, 403, 403, 403, 200), "manage"),
            ("GET admin operations", c => c.Http.GetAsync("admin/operations"), Codes(401, 403, 403, 403, 403, 200), "manage"),
            // A throwaway user: only the admin's call disables (then enables) them.
            ("POST admin disable user", c => c.PostAsync($"admin/users/{target}/disable", new { reason = "Matrix test." }), Codes(401, 403, 403, 403, 403, 200), "manage"),
            ("POST admin enable user", c => c.PostAsync($"admin/users/{target}/enable", null), Codes(401, 403, 403, 403, 403, 200), "manage"),
            // Creating competitions is for users an admin made "organizer", and admins (Competitions:Creation = Granted, ADR 0031).
            ("PUT admin organizer", c => c.PutAsync($"admin/users/{target}/organizer", new { organizer = false }), Codes(401, 403, 403, 403, 403, 200), "manage"),
            ("POST competition", c => c.PostAsync("competitions", new { slug = $"m{++n}-{Guid.NewGuid():N}"[..20], title = "Mine" }), Codes(401, 403, 403, 201, 201, 201), "manage"),
            // The rescores above put the submission back in the queue: only once it is final again is the admin's 409 (not
            // stuck, nothing to requeue or fail) the rule's answer rather than a race with the worker.
            ("POST admin requeue", async c => { await s.Participant.WaitForFinalAsync(submission); return await c.PostAsync($"admin/submissions/{submission}/requeue", null); }, Codes(401, 403, 403, 403, 403, 409), "manage"),
            ("POST admin fail", async c => { await s.Participant.WaitForFinalAsync(submission); return await c.PostAsync($"admin/submissions/{submission}/fail", null); }, Codes(401, 403, 403, 403, 403, 409), "manage"),
            // The pages: a visitor is sent to sign in (302), a user without the right gets 403 before anything renders.
            ("page organize submissions", c => PageAsync(c, $"/organize/{s.Slug}/submissions"), Codes(302, 403, 403, 403, 200, 200), "manage"),
            ("page organize participants", c => PageAsync(c, $"/organize/{s.Slug}/participants"), Codes(302, 403, 403, 403, 200, 200), "manage"),
            ("page organize statistics", c => PageAsync(c, $"/organize/{s.Slug}/statistics"), Codes(302, 403, 403, 403, 200, 200), "manage"),
            ("page organize rescores", c => PageAsync(c, $"/organize/{s.Slug}/rescores"), Codes(302, 403, 403, 403, 200, 200), "manage"),
            ("page organize announcements", c => PageAsync(c, $"/organize/{s.Slug}/announcements"), Codes(302, 403, 403, 403, 200, 200), "manage"),
            ("page admin", c => PageAsync(c, "/admin"), Codes(302, 403, 403, 403, 403, 200), "manage"),
            ("page admin users", c => PageAsync(c, "/admin/users"), Codes(302, 403, 403, 403, 403, 200), "manage"),
            ("page Hangfire dashboard", c => PageAsync(c, "/admin/hangfire"), Codes(401, 403, 403, 403, 403, 200), "manage"),
        };

        // The admin again, with tokens of one scope each: what the scope covers answers as for the admin, the rest 403.
        var adminId = Guid.Parse((await callers.Admin.GetJsonAsync("account/me"))["id"]!.GetValue<string>());
        var scoped = new List<(string Scope, ApiClient Client)>();
        foreach (var scopes in new[] { new[] { "read" }, ["submit"], ["manage"] })
        {
            var token = await _host.InScopeAsync(sp => sp.GetRequiredService<AccountService>().CreateTokenAsync(adminId, "scoped", 1, scopes, CancellationToken.None));
            scoped.Add((scopes[0], new ApiClient(_host, token.Token)));
        }

        var failures = new StringBuilder();
        foreach (var (endpoint, call, expected, scope) in matrix)
        {
            // The admin's own call just made the change: disabling or enabling the same user again is a 409.
            var adminAnswer = endpoint is "POST admin disable user" or "POST admin enable user" ? 409 : expected[^1];
            var cases = callers.All.Zip(expected)
                .Concat(scoped.Select(t => (($"admin's token with only '{t.Scope}'", t.Client),
                    scope == "read" || scope == t.Scope ? adminAnswer : 403)));
            foreach (var ((role, client), want) in cases)
            {
                var response = await call(client);
                if ((int)response.StatusCode != want)
                {
                    failures.AppendLine($"{endpoint} as {role}: expected {want}, got {(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}");
                }
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());

        // A page answered 200 is the whole page, not a shell that says no later.
        foreach (var path in new[] { "submissions", "participants", "statistics", "rescores", "announcements" })
        {
            var body = await (await PageAsync(s.Organizer, $"/organize/{s.Slug}/{path}")).Content.ReadAsStringAsync();
            Assert.Contains("nasarena-manage-links", body);
            Assert.DoesNotContain("You may not open this page", body);
        }
        foreach (var path in new[] { "/admin/queues", "/admin/users" })
        {
            Assert.Contains("nasarena-admin-links", await (await PageAsync(callers.Admin, path)).Content.ReadAsStringAsync());
        }

        // Hidden assets never show up in a participant's listing.
        var listed = await s.Participant.GetJsonAsync($"phases/{s.PhaseId}/assets");
        Assert.Empty(listed.AsArray());
    }

    /// <summary>The organizer pages, fetched as a browser's first load (prerendered HTML) with each caller's credentials:
    /// the whole page or a refusal (a redirect to sign in, a 403 page), never the editor half-rendered for someone else.</summary>
    [Fact]
    public async Task EveryOrganizerPageAnswersEachKindOfCallerWithThePageOrARefusal()
    {
        var s = await Scenario.CreateAsync(_host);
        var otherTeam = await Scenario.NewUserAsync(_host, "other-team");
        await otherTeam.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Other team" }, HttpStatusCode.Created);
        var otherOrganizer = await Scenario.NewOrganizerAsync(_host, "other-organizer");
        await otherOrganizer.PostJsonAsync("competitions", new { slug = "o-" + Guid.NewGuid().ToString("N")[..8], title = "Other" }, HttpStatusCode.Created);
        var callers = new Callers(new ApiClient(_host), otherTeam, s.Participant, otherOrganizer, s.Organizer, await Scenario.NewUserAsync(_host, "admin", admin: true));
        const string Editor = "Pre-publish check";
        const string Refused = "Not yours to edit";

        // Expected status per caller (Callers.All's order), and what a 200 must show.
        var pages = new List<(string Path, int[] Expected, string Shows)>
        {
            ("/organize", Codes(302, 200, 200, 200, 200, 200), "My competitions"),
            ("/organize/new", Codes(302, 200, 200, 200, 200, 200), "Create the draft"),
            ($"/organize/{s.Slug}", Codes(302, 403, 403, 403, 200, 200), Editor),
        };
        var failures = new StringBuilder();
        foreach (var (path, expected, shows) in pages)
        {
            foreach (var ((role, client), want) in callers.All.Zip(expected))
            {
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
                http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
                var response = await http.GetAsync(path);
                var html = await response.Content.ReadAsStringAsync();
                var got = (int)response.StatusCode;
                var problem = got != want ? $"expected {want}, got {got}"
                    : got == 302 && response.Headers.Location?.ToString().StartsWith("/account/sign-in?returnUrl=", StringComparison.Ordinal) != true ? $"redirected to {response.Headers.Location}"
                    : got == 200 && !html.Contains(shows, StringComparison.Ordinal) ? $"the page lacks '{shows}'"
                    : got == 403 && (!html.Contains(Refused, StringComparison.Ordinal) || html.Contains(Editor, StringComparison.Ordinal)) ? "a 403 that is not the refusal page alone"
                    : null;
                if (problem is not null)
                {
                    failures.AppendLine($"GET {path} as {role}: {problem}");
                }
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
    [Fact]
    public async Task ADraftIsListedAndShownOnlyToItsOrganizersAndAdmins()
    {
        var s = await Scenario.CreateAsync(_host);
        var slug = "draft-" + Guid.NewGuid().ToString("N")[..8];
        await s.Organizer.PostJsonAsync("competitions", new { slug, title = "Not yet", draft = true }, HttpStatusCode.Created);
        var otherOrganizer = await Scenario.NewOrganizerAsync(_host, "other-organizer");
        var callers = new Callers(new ApiClient(_host), await Scenario.NewUserAsync(_host, "other-team"), s.Participant, otherOrganizer,
            s.Organizer, await Scenario.NewUserAsync(_host, "admin", admin: true));
        bool[] sees = [false, false, false, false, true, true];

        var failures = new StringBuilder();
        foreach (var ((role, client), want) in callers.All.Zip(sees))
        {
            var got = (int)(await client.Http.GetAsync($"competitions/{slug}")).StatusCode;
            if (got != (want ? 200 : 404))
            {
                failures.AppendLine($"GET the draft as {role}: expected {(want ? 200 : 404)}, got {got}");
            }
            var listed = (await client.GetJsonAsync("competitions")).AsArray().Any(c => c!["slug"]!.GetValue<string>() == slug);
            if (listed != want)
            {
                failures.AppendLine($"GET competitions as {role}: the draft is {(listed ? "" : "not ")}listed");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
