using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Errors;
using NasArena.Platform.Organizing;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Organizing;

/// <summary>
/// Admins disable and re-enable accounts with a reason the user reads: never themselves, never the last enabled admin.
/// A disabled user's token, cookie and password are refused from the next request on, and a cookie whose admin right
/// was taken away loses it at the next request too (ADR 0023). Each test has a host of its own: the admin count matters.
/// </summary>
public abstract class UserDisableTests(Stack stack)
{
    private const string Password = "correct horse battery";

    /// <summary>A browser: a cookie jar, signed in through the API with the user's password.</summary>
    private static async Task<HttpClient> SignedInAsync(PlatformHost host, ApiClient user)
    {
        var email = (await user.GetJsonAsync("account/me"))["email"]!.GetValue<string>();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = Password }), HttpStatusCode.OK);
        return browser;
    }

    private static async Task<string> IdOfAsync(ApiClient user) => (await user.GetJsonAsync("account/me"))["id"]!.GetValue<string>();

    private static string Detail(System.Text.Json.Nodes.JsonNode problem) => problem["detail"]!.GetValue<string>();

    [Fact]
    public async Task AnAdminDisablesOthersWithAReasonButNeverThemselvesNorTheLastEnabledAdmin()
    {
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog);
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var second = await Scenario.NewUserAsync(host, "second", admin: true);
        var user = await Scenario.NewUserAsync(host, "someone");
        var (adminId, secondId, userId) = (await IdOfAsync(admin), await IdOfAsync(second), await IdOfAsync(user));

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"admin/users/{secondId}/disable", new { reason = "no" })).StatusCode);
        var self = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{adminId}/disable", new { reason = "tired" }), HttpStatusCode.Conflict);
        Assert.Equal("You cannot disable your own account: ask another admin.", Detail(self));
        var blank = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/disable", new { reason = "  " }), HttpStatusCode.BadRequest);
        Assert.StartsWith("'reason' must be 1 to 500 characters long", Detail(blank));
        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/disable", new { reason = new string('x', 501) }), HttpStatusCode.BadRequest);
        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{Guid.NewGuid()}/disable", new { reason = "who?" }), HttpStatusCode.NotFound);
        var notDisabled = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/enable", null), HttpStatusCode.Conflict);
        Assert.EndsWith("is not disabled.", Detail(notDisabled));

        var disabled = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/disable", new { reason = " Shared an account. " }), HttpStatusCode.OK);
        Assert.True(disabled["disabled"]!.GetValue<bool>());
        Assert.Equal("Shared an account.", disabled["disabledReason"]!.GetValue<string>());
        var twice = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/disable", new { reason = "again" }), HttpStatusCode.Conflict);
        Assert.Contains("is disabled already (since ", Detail(twice));
        var listed = (await admin.GetJsonAsync("admin/users")).AsArray().Single(u => u!["id"]!.GetValue<string>() == userId)!;
        Assert.Equal("Shared an account.", listed["disabledReason"]!.GetValue<string>());
        Assert.True(listed["disabledAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));

        // Two admins: one may disable the other; the one left is then the only enabled admin and keeps the right.
        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{secondId}/disable", new { reason = "Left the team." }), HttpStatusCode.OK);
        var last = await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{adminId}/admin", new { admin = false }), HttpStatusCode.Conflict);
        Assert.EndsWith("is the only admin: make another user an admin first.", Detail(last));
        // A stale actor (an open page of the disabled admin) cannot disable the last enabled one either.
        var refused = await host.InScopeAsync(sp => Assert.ThrowsAsync<ConflictException>(() => sp.GetRequiredService<AdminService>()
            .DisableAsync(new Actor(Guid.Parse(secondId), true), Guid.Parse(adminId), "revenge", CancellationToken.None)));
        Assert.EndsWith("is the only enabled admin: make another user an admin first.", refused.Message);

        var enabled = await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/enable", null), HttpStatusCode.OK);
        Assert.False(enabled["disabled"]!.GetValue<bool>());
        Assert.Null(enabled["disabledReason"]);
    }

    [Fact]
    public async Task ADisabledUsersTokenCookieAndPasswordAreRefusedWithTheReasonUntilEnabledAgain()
    {
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog);
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var user = await Scenario.NewUserAsync(host, "participant");
        var userId = await IdOfAsync(user);
        var email = (await user.GetJsonAsync("account/me"))["email"]!.GetValue<string>();
        using var browser = await SignedInAsync(host, user);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK);

        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/disable", new { reason = "Cheating in phase 1." }), HttpStatusCode.OK);

        var token = await ApiClient.ExpectAsync(await user.Http.GetAsync("account/me"), HttpStatusCode.Unauthorized);
        Assert.Matches(@"^The API token 'tests' belongs to a disabled account\. This account was disabled by an administrator on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Reason: Cheating in phase 1\.$", Detail(token));

        // The cookie made before: refused at its very next request, with the reason, and deleted.
        var cookie = await browser.GetAsync("/api/v1/account/me");
        var ended = await ApiClient.ExpectAsync(cookie, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Your session was ended: This account was disabled by an administrator on ", Detail(ended));
        Assert.EndsWith("Reason: Cheating in phase 1.", Detail(ended));
        Assert.Contains(cookie.Headers.GetValues("Set-Cookie"), c => c.StartsWith("nasarena.session=;", StringComparison.Ordinal));
        var page = await browser.GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location!.OriginalString);

        var login = await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = Password }), HttpStatusCode.Forbidden);
        Assert.EndsWith("Reason: Cheating in phase 1.", Detail(login));
        // Only the password's holder learns that the account is disabled.
        var wrong = await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = "wrong password!" }), HttpStatusCode.Unauthorized);
        Assert.Equal("The e-mail or the password is wrong.", Detail(wrong));

        await ApiClient.ExpectAsync(await admin.PostAsync($"admin/users/{userId}/enable", null), HttpStatusCode.OK);
        await user.GetJsonAsync("account/me");
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login", new { email, password = Password }), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAdminRightTakenAwayLeavesTheOldCookieAtItsNextRequest()
    {
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog);
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var second = await Scenario.NewUserAsync(host, "second", admin: true);
        using var browser = await SignedInAsync(host, second);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/hangfire")).StatusCode);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/admin/users"), HttpStatusCode.OK);

        await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{await IdOfAsync(second)}/admin", new { admin = false }), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/hangfire")).StatusCode);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/admin/users"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/users")).StatusCode);
        // Still signed in, as a user without the right: the cookie was rewritten, not dropped.
        var me = await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK);
        Assert.False(me["isAdmin"]!.GetValue<bool>());

        // Given back: the same cookie opens the dashboard again at its next request.
        await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{await IdOfAsync(second)}/admin", new { admin = true }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/hangfire")).StatusCode);
    }
}

[Trait("Category", "Integration")]
public sealed class UserDisableOnSqliteAndDisk() : UserDisableTests(Stack.SqliteDisk);

[Trait("Category", "Integration")]
public sealed class UserDisableOnPostgresAndS3() : UserDisableTests(Stack.PostgresS3);
