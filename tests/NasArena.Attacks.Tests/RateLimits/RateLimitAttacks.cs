using System.Net;
using System.Net.Http.Json;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.RateLimits;

/// <summary>
/// Issue 23, Build 7: besides sign-in (SignInAttacks), registrations are limited per client address, and new API tokens
/// and new submissions per account, each refusal a 429 with Retry-After that says what was limited.
/// </summary>
public abstract class RateLimitAttacks(Stack stack)
{
    private static async Task<string> LimitedAsync(HttpResponseMessage response)
    {
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {response.Headers.RetryAfter}");
        return (await ApiClient.ExpectAsync(response, HttpStatusCode.TooManyRequests))["detail"]!.GetValue<string>();
    }

    [Fact]
    public async Task RegistrationsTokensAndSubmissionsAreLimitedPerAddressAndAccount()
    {
        await using var host = await PlatformHost.StartAsync(stack, new Dictionary<string, string?>
        {
            ["RateLimits:Registration:PerIp"] = "3",
            ["RateLimits:Tokens:PerAccount"] = "2",
            ["RateLimits:Submissions:PerAccount"] = "2",
        });
        // Scenario's users are made in-process, not through the limited endpoint.
        var s = await Scenario.CreateAsync(host);

        using var browser = await BrowserSession.SignUpAsync(host, "limited"); // registration 1 of 3
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseAddress, "/api/v1/") };
        for (var i = 0; i < 2; i++)
        {
            await ApiClient.ExpectAsync(await http.PostAsJsonAsync("account/register",
                new { email = $"more-{i}-{Guid.NewGuid():N}@example.org", password = "a long enough password", displayName = "More" }), HttpStatusCode.Accepted);
        }
        Assert.Contains("Too many registrations from your network address: at most 3 per 1 hour", await LimitedAsync(
            await http.PostAsJsonAsync("account/register", new { email = $"spam-{Guid.NewGuid():N}@example.org", password = "a long enough password", displayName = "Spam" })));

        await browser.CreateTokenAsync("one", null);
        await browser.CreateTokenAsync("two", null);
        Assert.Contains("Too many new API tokens for your account: at most 2 per 1 hour",
            await LimitedAsync(await browser.SendAsync(HttpMethod.Post, "account/tokens", new { name = "three" })));

        for (var i = 0; i < 2; i++)
        {
            await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, i)), HttpStatusCode.Accepted);
        }
        Assert.Contains("Too many new submissions and uploads for your account",
            await LimitedAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, 3))));
        // A resumable upload is the other way to make a submission: the same count.
        Assert.Contains("Too many new submissions and uploads for your account", await LimitedAsync(
            await s.Participant.PostAsync($"phases/{s.PhaseId}/uploads", new { fileName = "p.csv", sizeBytes = 10 })));
        // Another account is not held back by this one's use.
        var other = await Scenario.NewUserAsync(host, "other");
        await other.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        await ApiClient.ExpectAsync(await other.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, 9)), HttpStatusCode.Accepted);
    }
}

[Collection(OwnHostAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class RateLimitAttacksOnSqlite() : RateLimitAttacks(Stack.SqliteDisk);

[Collection(OwnHostAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class RateLimitAttacksOnPostgres() : RateLimitAttacks(Stack.PostgresS3);
