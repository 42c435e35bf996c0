using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.SignIn;

/// <summary>
/// Issue 23, Why 4 and 11: guessing passwords is throttled (per target e-mail and per client address, 429 with
/// Retry-After), and an unknown address costs the same password-hash work as a known one, so the answer's time does not
/// tell which addresses have accounts. Each test starts a host of its own: the limits here are far below the suite's.
/// </summary>
public abstract class SignInAttacks(Stack stack)
{
    private const string Password = "a long enough password";

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string email, string password) =>
        http.PostAsJsonAsync("account/login", new { email, password });

    private static HttpClient Client(PlatformHost host) => new() { BaseAddress = new Uri(host.BaseAddress, "/api/v1/") };

    private static async Task RegisterAsync(HttpClient http, string email) =>
        await ApiClient.ExpectAsync(await http.PostAsJsonAsync("account/register", new { email, password = Password, displayName = "Target" }),
            HttpStatusCode.Accepted);

    [Fact]
    public async Task ManyWrongPasswordsForOneAccountAreAnswered429WithRetryAfter()
    {
        await using var host = await PlatformHost.StartAsync(stack, new Dictionary<string, string?>
        {
            ["RateLimits:SignIn:PerAccount"] = "5",
            ["RateLimits:SignIn:PerIp"] = "12",
            ["RateLimits:SignIn:Window"] = "01:00:00",
        });
        using var http = Client(host);
        var target = $"target-{Guid.NewGuid():N}@example.org";
        await RegisterAsync(http, target);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 40 && (answers.Count == 0 || answers[^1].StatusCode != HttpStatusCode.TooManyRequests); i++)
        {
            answers.Add(await SignInAsync(http, target, $"guess number {i}"));
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Append(HttpStatusCode.TooManyRequests), answers.Select(a => a.StatusCode));
        var limited = answers[^1];
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {limited.Headers.RetryAfter}");
        var detail = (await ApiClient.ExpectAsync(limited, HttpStatusCode.TooManyRequests))["detail"]!.GetValue<string>();
        Assert.Contains("sign-in attempts for this e-mail address", detail);
        Assert.Contains($"{limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds:0} seconds", detail);
        // Locked out for the window even with the right password: the guesser cannot tell that it was right.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(http, target, Password)).StatusCode);

        // Spreading the guesses over many addresses hits the limit per client address instead.
        var spread = new List<HttpStatusCode>();
        for (var i = 0; i < 40 && (spread.Count == 0 || spread[^1] != HttpStatusCode.TooManyRequests); i++)
        {
            spread.Add((await SignInAsync(http, $"someone-{i}-{Guid.NewGuid():N}@example.org", "a guess")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, spread[^1]);
        Assert.All(spread[..^1], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        var fromAddress = await SignInAsync(http, "anyone@example.org", "a guess");
        Assert.Contains("sign-in attempts from your network address",
            (await ApiClient.ExpectAsync(fromAddress, HttpStatusCode.TooManyRequests))["detail"]!.GetValue<string>());
        // The browser's sign-in form counts against the same address, and is told so on a page, not in JSON.
        var form = await http.PostAsync(new Uri(host.BaseAddress, "/account/sign-in"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = target, ["Input.Password"] = Password }));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
        Assert.True(form.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 });
        Assert.Contains("sign-in attempts from your network address", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInWithAnUnknownAddressRunsThePasswordHasherAsAKnownOneDoes()
    {
        var hasher = new CountingPasswordHasher();
        await using var host = await PlatformHost.StartAsync(stack, services: s => s.AddSingleton<IPasswordHasher<User>>(hasher));
        using var http = Client(host);
        var known = $"known-{Guid.NewGuid():N}@example.org";
        await RegisterAsync(http, known);

        var before = hasher.Verifications;
        await ApiClient.ExpectAsync(await SignInAsync(http, $"unknown-{Guid.NewGuid():N}@example.org", "a wrong password"), HttpStatusCode.Unauthorized);
        Assert.Equal(before + 1, hasher.Verifications);
        await ApiClient.ExpectAsync(await SignInAsync(http, known, "a wrong password"), HttpStatusCode.Unauthorized);
        Assert.Equal(before + 2, hasher.Verifications);
        await ApiClient.ExpectAsync(await SignInAsync(http, known, Password), HttpStatusCode.OK);
        Assert.Equal(before + 3, hasher.Verifications);
    }
}

[Collection(OwnHostAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SignInAttacksOnSqlite() : SignInAttacks(Stack.SqliteDisk);

[Collection(OwnHostAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SignInAttacksOnPostgres() : SignInAttacks(Stack.PostgresS3);
