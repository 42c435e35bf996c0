using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Accounts;

/// <summary>
/// Issue 23, accounts (Why 5 and 10): throwaway and borrowed addresses, organizers added by address, sessions that
/// outlive a password. Each test follows the links of the mails a real SMTP server on loopback received.
/// </summary>
public abstract class AccountAttacks(MailHost mail)
{
    private const string Password = "a long enough password";
    private PlatformHost Host => mail.Host;

    private static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}@example.org";

    /// <summary>A registered, signed-in account whose address is not verified (its verification mail left unread).</summary>
    private async Task<(BrowserSession Browser, ApiClient Script)> UnverifiedAsync(string email)
    {
        var browser = new BrowserSession(Host);
        var answer = await browser.RegisterAsync(email, Password, "Throwaway");
        Assert.True(answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Created, $"registration answered {(int)answer.StatusCode}");
        await browser.SignInAsync(email, Password);
        return (browser, await browser.TokenAsync(Host));
    }

    private async Task VerifyAsync(string email)
    {
        var link = mail.MailTo(email).SelectMany(MailHost.Links).Last(l => l.Contains("/account/verify?token="));
        using var http = new HttpClient();
        var page = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("is verified", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnverifiedAccountCannotRegisterJoinATeamOrSubmitUntilItFollowsTheMailedLink()
    {
        var s = await Scenario.CreateAsync(Host);
        var email = NewAddress("throwaway");
        var (browser, script) = await UnverifiedAsync(email);
        using var _ = browser;

        // One throwaway address per extra team: refused before the address is proved.
        var registering = await ApiClient.ExpectAsync(await script.PostAsync($"competitions/{s.Slug}/registrations",
            new { acceptRules = true, teamName = "Extra team " + Guid.NewGuid().ToString("N")[..6] }), HttpStatusCode.Forbidden);
        Assert.Contains("Verify your e-mail address", registering["detail"]!.GetValue<string>());
        var joinCode = (await s.Participant.GetJsonAsync($"competitions/{s.Slug}/registration"))["joinCode"]!.GetValue<string>();
        await ApiClient.ExpectAsync(await script.PostAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, joinCode }), HttpStatusCode.Forbidden);

        // Even with an approved registration (written straight to the database), an unverified account does not submit.
        var competitionId = await Host.DbAsync(db => db.Competitions.Where(c => c.Slug == s.Slug).Select(c => c.Id).SingleAsync());
        await Host.DbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var team = new Team { CompetitionId = competitionId, Name = "Planted " + Guid.NewGuid().ToString("N")[..6], JoinCode = Guid.NewGuid().ToString("N")[..16] };
            db.Registrations.Add(new Registration { CompetitionId = competitionId, UserId = user.Id, Team = team, TeamId = team.Id, Status = RegistrationStatus.Approved });
            return await db.SaveChangesAsync();
        });
        var submitting = await ApiClient.ExpectAsync(await script.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Forbidden);
        Assert.Contains("Verify your e-mail address", submitting["detail"]!.GetValue<string>());
        Assert.False((await browser.MeAsync())["emailVerified"]!.GetValue<bool>());

        // The owner of the mailbox follows the link: the same account submits now.
        await VerifyAsync(email);
        Assert.True((await browser.MeAsync())["emailVerified"]!.GetValue<bool>());
        await ApiClient.ExpectAsync(await script.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
        using var http = new HttpClient();
        var again = await http.GetAsync(MailHost.Links(mail.Mail(email)).Single(l => l.Contains("/account/verify?token=")));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode); // a link works once
    }

    [Fact]
    public async Task AnAttackerWhoRegisteredTheColleaguesAddressFirstIsNotMadeOrganizer()
    {
        var s = await Scenario.CreateAsync(Host);
        var colleague = NewAddress("colleague");
        var (squatter, squatterScript) = await UnverifiedAsync(colleague); // the attacker registered the colleague's address first
        using var _ = squatter;

        // Typing an address no longer makes anyone organizer.
        var typed = await s.Organizer.PostAsync($"competitions/{s.Slug}/organizers", new { email = colleague });
        Assert.False(typed.IsSuccessStatusCode, $"POST organizers with the colleague's address answered {(int)typed.StatusCode}: " +
            await typed.Content.ReadAsStringAsync());

        // An invitation goes to the address; its link (as if leaked) is no use to the unverified squatter.
        var invitation = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/invitations", new { email = colleague }, HttpStatusCode.Created);
        var link = MailHost.Links(mail.MailTo(colleague).Last()).Single(l => l.Contains("/account/invitations/"));
        var id = link[(link.LastIndexOf('/') + 1)..];
        Assert.Equal(invitation["id"]!.GetValue<string>(), id);
        var refused = await ApiClient.ExpectAsync(await squatterScript.PostAsync($"invitations/{id}/accept", null), HttpStatusCode.Forbidden);
        Assert.Contains("Verify your e-mail address", refused["detail"]!.GetValue<string>());

        // Nor to an account verified at another address.
        var other = NewAddress("other");
        var (otherBrowser, otherScript) = await UnverifiedAsync(other);
        using var __ = otherBrowser;
        await VerifyAsync(other);
        var wrongAddress = await ApiClient.ExpectAsync(await otherScript.PostAsync($"invitations/{id}/accept", null), HttpStatusCode.Forbidden);
        Assert.Contains("another address", wrongAddress["detail"]!.GetValue<string>());

        foreach (var attacker in new[] { squatterScript, otherScript })
        {
            await ApiClient.ExpectAsync(await attacker.Http.GetAsync($"competitions/{s.Slug}/registrations"), HttpStatusCode.Forbidden);
        }
        var listed = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/invitations");
        Assert.Equal("pending", listed.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!["state"]!.GetValue<string>());

        // The inviter withdraws it.
        await ApiClient.ExpectAsync(await s.Organizer.Http.DeleteAsync($"competitions/{s.Slug}/invitations/{id}"), HttpStatusCode.NoContent);
        Assert.Equal("withdrawn", (await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/invitations")).AsArray()
            .Single(i => i!["id"]!.GetValue<string>() == id)!["state"]!.GetValue<string>());

        // The colleague releases the address with the link of the first mail (the squatter's registration), registers
        // it, verifies it, and accepts a new invitation: the colleague organizes, the squatter's token is dead.
        var release = MailHost.Links(mail.Mail(colleague)).Single(l => l.Contains("/account/release?token="));
        using var anonymous = new ApiClient(Host);
        await anonymous.PostJsonAsync("account/release", new { token = release[(release.IndexOf("token=") + 6)..] }, HttpStatusCode.NoContent);
        await squatterScript.GetJsonAsync("account/me", HttpStatusCode.Unauthorized);
        using var owner = new BrowserSession(Host);
        await ApiClient.ExpectAsync(await owner.RegisterAsync(colleague, "the colleague's own password", "Colleague"), HttpStatusCode.Accepted);
        await VerifyAsync(colleague);
        await owner.SignInAsync(colleague, "the colleague's own password");
        var ownerScript = await owner.TokenAsync(Host);
        var second = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/invitations", new { email = colleague }, HttpStatusCode.Created);
        await ownerScript.PostJsonAsync($"invitations/{second["id"]}/accept", null, HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await ownerScript.Http.GetAsync($"competitions/{s.Slug}/registrations"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task RegistrationAnswersTheSameBytesForANewAndAnExistingAddress()
    {
        var existing = NewAddress("existing");
        using var first = new BrowserSession(Host);
        await first.RegisterAsync(existing, Password, "First");

        var fresh = NewAddress("fresh");
        using var probe = new BrowserSession(Host);
        var forExisting = await probe.RegisterAsync(existing, "another long password", "Prober");
        var forFresh = await probe.RegisterAsync(fresh, "another long password", "Prober");

        Assert.Equal(forFresh.StatusCode, forExisting.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, forExisting.StatusCode);
        Assert.Equal(await forFresh.Content.ReadAsByteArrayAsync(), await forExisting.Content.ReadAsByteArrayAsync());
        static string Headers(HttpResponseMessage r) => string.Join("\n", r.Headers.Concat(r.Content.Headers)
            .Where(h => h.Key != "Date").OrderBy(h => h.Key).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        Assert.Equal(Headers(forFresh), Headers(forExisting));

        // The difference is told only to the address's owner: a link for the new one, a warning for the existing one.
        Assert.Contains(MailHost.Links(mail.Mail(fresh)), l => l.Contains("/account/verify?token="));
        var warning = mail.Mail(existing, count: 2);
        Assert.Equal("Someone tried to register with your address", warning.Subject);
        Assert.Contains("/account/sign-in", warning.TextBody);
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOneAndSigningOutEverywhereEndsEverySession()
    {
        var email = NewAddress("owner");
        var (laptop, script) = await UnverifiedAsync(email);
        using var _ = laptop;
        using var stolen = new BrowserSession(Host); // a session someone else holds
        await stolen.SignInAsync(email, Password);

        var wrong = await ApiClient.ExpectAsync(await stolen.PostAsync("account/password",
            new { currentPassword = "not the password", newPassword = "taken over password" }), HttpStatusCode.Forbidden);
        Assert.Contains("currentPassword", wrong["detail"]!.GetValue<string>());

        await ApiClient.ExpectAsync(await laptop.PostAsync("account/password",
            new { currentPassword = Password, newPassword = "a brand new password" }), HttpStatusCode.NoContent);
        var ended = await stolen.MeAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Your session was ended", ended["detail"]!.GetValue<string>());
        await laptop.MeAsync(); // the session that changed it stays
        using (var old = new BrowserSession(Host))
        {
            await ApiClient.ExpectAsync(await old.Http.PostAsJsonAsync("account/login", new { email, password = Password }), HttpStatusCode.Unauthorized);
        }

        using var phone = new BrowserSession(Host);
        await phone.SignInAsync(email, "a brand new password");
        await script.GetJsonAsync("account/me"); // tokens survive a password change unless revoked
        var everywhere = await ApiClient.ExpectAsync(await laptop.PostAsync("account/sign-out-everywhere", new { revokeTokens = true }), HttpStatusCode.OK);
        Assert.Equal(1, everywhere["tokensRevoked"]!.GetValue<int>());
        await phone.MeAsync(HttpStatusCode.Unauthorized);
        await laptop.MeAsync(HttpStatusCode.Unauthorized);
        await script.GetJsonAsync("account/me", HttpStatusCode.Unauthorized);
    }
}

[Trait("Category", "Integration")]
public sealed class AccountAttacksOnSqlite(SqliteMailHost mail) : AccountAttacks(mail), IClassFixture<SqliteMailHost>;

[Trait("Category", "Integration")]
public sealed class AccountAttacksOnPostgres(PostgresMailHost mail) : AccountAttacks(mail), IClassFixture<PostgresMailHost>;
