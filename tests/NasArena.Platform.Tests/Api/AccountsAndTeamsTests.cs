using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>Browser-style accounts (cookie + antiforgery), registrations with approval, and teams.</summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AccountsAndTeamsTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(_host.BaseAddress, "/api/v1/"),
    };

    [Fact]
    public async Task ABrowserSessionNeedsTheAntiforgeryTokenForEveryChange()
    {
        using var browser = Browser();
        var email = $"b-{Guid.NewGuid():N}@example.org";
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/register", new { email, password = "short", displayName = "B" }), HttpStatusCode.BadRequest);
        // 202 both times: registration does not tell whether the address has an account (ADR 0028).
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/register", new { email, password = "a long enough password", displayName = "B" }), HttpStatusCode.Accepted);
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/register", new { email, password = "a long enough password", displayName = "B" }), HttpStatusCode.Accepted);
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/login", new { email, password = "wrong password!" }), HttpStatusCode.Unauthorized);
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/login", new { email, password = "a long enough password" }), HttpStatusCode.OK);
        Assert.Equal(email, (await ApiClient.ExpectAsync(await browser.GetAsync("account/me"), HttpStatusCode.OK))["email"]!.GetValue<string>());

        var refused = await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("account/tokens", new { name = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("X-XSRF-TOKEN", refused["detail"]!.GetValue<string>());

        var xsrf = await ApiClient.ExpectAsync(await browser.GetAsync("account/antiforgery"), HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Post, "account/tokens") { Content = JsonContent.Create(new { name = "script", expiresInDays = 7 }) };
        request.Headers.Add(xsrf["headerName"]!.GetValue<string>(), xsrf["token"]!.GetValue<string>());
        var token = await ApiClient.ExpectAsync(await browser.SendAsync(request), HttpStatusCode.Created);
        Assert.StartsWith("nsa_", token["token"]!.GetValue<string>());

        // The secret is shown once: listings carry only its prefix.
        using var script = new ApiClient(_host, token["token"]!.GetValue<string>());
        await script.GetJsonAsync("account/tokens", HttpStatusCode.Forbidden); // a token never lists tokens (ADR 0026)
        var listed = await ApiClient.ExpectAsync(await browser.GetAsync("account/tokens"), HttpStatusCode.OK);
        Assert.DoesNotContain(token["token"]!.GetValue<string>(), listed.ToJsonString());
        Assert.Equal(token["prefix"]!.GetValue<string>(), listed.AsArray()[0]!["prefix"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOrganizerApprovesRegistrationsBeforeTheTeamMaySubmit()
    {
        var s = await Scenario.CreateAsync(_host, register: false);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}", new { slug = s.Slug, title = "Approval needed", requiresApproval = true }), HttpStatusCode.OK);
        await s.Participant.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = false }, HttpStatusCode.BadRequest);
        var registration = await s.Participant.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Waiting" }, HttpStatusCode.Created);
        Assert.Equal("Pending", registration["status"]!.GetValue<string>());
        var pending = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Forbidden);
        Assert.Contains("approval", pending["detail"]!.GetValue<string>());

        await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/registrations/{registration["id"]}/approve", null, HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task ARefusalCarriesTheOrganizersReasonToTheParticipantAndARefusalWithoutOneStillWorks()
    {
        var s = await Scenario.CreateAsync(_host, register: false);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}", new { slug = s.Slug, title = "Approval needed", requiresApproval = true }), HttpStatusCode.OK);
        var registration = await s.Participant.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Hopeful" }, HttpStatusCode.Created);
        var path = $"competitions/{s.Slug}/registrations/{registration["id"]}/reject";
        var tooLong = await ApiClient.ExpectAsync(await s.Organizer.PostAsync(path, new { reason = new string('x', 1001) }), HttpStatusCode.BadRequest);
        Assert.Contains("'reason' must be at most 1000 characters long (got 1001).", tooLong["detail"]!.GetValue<string>());
        var refused = await s.Organizer.PostJsonAsync(path, new { reason = "  Use your university e-mail address.  " }, HttpStatusCode.OK);
        Assert.Equal("Rejected", refused["status"]!.GetValue<string>());
        Assert.Equal("Use your university e-mail address.", refused["decisionReason"]!.GetValue<string>());
        var mine = await s.Participant.GetJsonAsync($"competitions/{s.Slug}/registration");
        Assert.Equal("Use your university e-mail address.", mine["decisionReason"]!.GetValue<string>());
        var submit = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Forbidden);
        Assert.Equal("The organizers declined your registration: Use your university e-mail address.", submit["detail"]!.GetValue<string>());

        // Scripts that post no body keep working; an approval clears the reason.
        var plain = await s.Organizer.PostJsonAsync(path, null, HttpStatusCode.OK);
        Assert.Null(plain["decisionReason"]);
        await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/registrations/{registration["id"]}/approve", null, HttpStatusCode.OK);
        Assert.Null((await s.Participant.GetJsonAsync($"competitions/{s.Slug}/registration"))["decisionReason"]);
    }

    [Fact]
    public async Task TeammatesJoinWithTheJoinCodeAndShareSubmissionsAndQuota()
    {
        var s = await Scenario.CreateAsync(_host, new
        {
            slug = "team-phase",
            title = "Team phase",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(9),
            primaryMetric = "kendall_tau",
            totalLimit = 1,
        }, register: false);
        var mine = await s.Participant.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Pair" }, HttpStatusCode.Created);
        var mate = await Scenario.NewUserAsync(_host, "teammate");
        await mate.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, joinCode = "not-a-code" }, HttpStatusCode.NotFound);
        var joined = await mate.PostJsonAsync($"competitions/{s.Slug}/registrations",
            new { acceptRules = true, joinCode = mine["joinCode"]!.GetValue<string>() }, HttpStatusCode.Created);
        Assert.Equal(mine["teamId"]!.GetValue<string>(), joined["teamId"]!.GetValue<string>());

        var id = (await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        var seen = await mate.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine");
        Assert.Equal(id, seen.AsArray().Single()!["id"]!.GetValue<string>());
        // The limit is the team's, not each member's.
        await ApiClient.ExpectAsync(await mate.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.TooManyRequests);
    }
}
