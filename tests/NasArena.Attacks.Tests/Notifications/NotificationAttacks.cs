using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NasArena.Attacks.Tests.Accounts;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Notifications;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Notifications;

/// <summary>
/// Mail when a submission ends, and organizers' announcements (ADR 0047), read back from a real SMTP server on loopback
/// (netDumbster): what is sent, to whom, and what an organizer (a self-made one included) cannot make the platform send.
/// </summary>
public abstract class NotificationAttacks(MailHost mail)
{
    private PlatformHost Host => mail.Host;

    private static async Task<string> EmailOf(ApiClient client) => (await client.GetJsonAsync("account/me"))["email"]!.GetValue<string>();

    /// <summary>Mail arrives from a job: waited for (generously), never timed.</summary>
    private async Task<List<MimeMessage>> WaitForMailAsync(string address, Func<MimeMessage, bool> which, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var found = mail.MailTo(address).Where(which).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} of {count} expected message(s) reached {address}.");
            await Task.Delay(200);
        }
    }

    private static async Task<Guid> SubmitAsync(Scenario s, ApiClient who) =>
        Guid.Parse((await ApiClient.ExpectAsync(await who.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted))["id"]!
            .GetValue<string>());

    [Fact]
    public async Task AScoredSubmissionMailsItsSubmitterTheScoreAndALinkToIt()
    {
        var s = await Scenario.CreateAsync(Host);
        var to = await EmailOf(s.Participant);
        var id = await SubmitAsync(s, s.Participant);
        await s.Participant.WaitForFinalAsync(id);
        var message = (await WaitForMailAsync(to, m => (m.Subject ?? "").StartsWith("Submission scored", StringComparison.Ordinal))).Single();
        Assert.Contains("was scored", message.TextBody ?? "");
        Assert.Contains("Public kendall_tau: ", message.TextBody ?? "");
        Assert.Contains(MailHost.Links(message), l => l.EndsWith($"/submissions/{id}", StringComparison.Ordinal));
        Assert.Contains(MailHost.Links(message), l => l.EndsWith("/account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedSubmissionMailsItsReasonThroughTheStateMachinesOneHook()
    {
        var s = await Scenario.CreateAsync(Host);
        var to = await EmailOf(s.Participant);
        var id = await SubmitAsync(s, s.Participant);
        await s.Participant.WaitForFinalAsync(id);
        // The mail of its first end is read at send time: let it go before the row changes again.
        await WaitForMailAsync(to, m => (m.Subject ?? "").StartsWith("Submission scored", StringComparison.Ordinal));
        // As a job would end it: running, then failed by the state machine with a participant's reason.
        await Host.DbAsync(db => db.Submissions.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SubmissionStatus.Running)));
        Assert.True(await Host.InScopeAsync(sp => sp.GetRequiredService<SubmissionStates>()
            .FailAsync(id, 0, "Row 7 names no architecture of the query set.", counts: true, CancellationToken.None)));
        var failed = (await WaitForMailAsync(to, m => (m.Subject ?? "").StartsWith("Submission failed", StringComparison.Ordinal))).Single();
        Assert.Contains("Reason: Row 7 names no architecture of the query set.", failed.TextBody ?? "");
    }

    [Fact]
    public async Task AUserWhoOptedOutGetsNoMailWhenTheirSubmissionEnds()
    {
        var s = await Scenario.CreateAsync(Host);
        var to = await EmailOf(s.Participant);
        var off = await ApiClient.ExpectAsync(await s.Participant.PutAsync("account/notifications", new { submissionEnded = false, announcements = true }),
            HttpStatusCode.OK);
        Assert.False(off["submissionEnded"]!.GetValue<bool>());
        Assert.False((await s.Participant.GetJsonAsync("account/notifications"))["submissionEnded"]!.GetValue<bool>());
        var id = await SubmitAsync(s, s.Participant);
        await s.Participant.WaitForFinalAsync(id);
        // The job the end enqueued may or may not have run by now: run it here too, to the end, and look.
        await Host.InScopeAsync(sp => sp.GetRequiredService<SubmissionEndedMailJob>().SendAsync(id, CancellationToken.None));
        Assert.DoesNotContain(mail.MailTo(to), m => (m.Subject ?? "").StartsWith("Submission", StringComparison.Ordinal));
        // Back on, the same job mails: the assertion above could have failed.
        await s.Participant.PutAsync("account/notifications", new { submissionEnded = true, announcements = true });
        await Host.InScopeAsync(sp => sp.GetRequiredService<SubmissionEndedMailJob>().SendAsync(id, CancellationToken.None));
        Assert.Contains(mail.MailTo(to), m => (m.Subject ?? "").StartsWith("Submission scored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADebugRunEndsWithoutMailWhileARankedRunOfTheSameTeamIsMailed()
    {
        // Debug runs (ADR 0044) are the team's short trials, watched on their page: one mail per try would be noise.
        var s = await Scenario.CreateAsync(Host);
        var to = await EmailOf(s.Participant);
        await ApiClient.ExpectAsync(await s.Organizer.Http.PostAsync($"phases/{s.PhaseId}/assets", ApiClient.Multipart("debug.json",
            Scenario.QuerySetJson(s.QuerySet), new Dictionary<string, string> { ["kind"] = "query-set", ["debug"] = "true" })), HttpStatusCode.Created);
        await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"phases/{s.PhaseId}/debug-runs", new { dailyLimit = 2 }), HttpStatusCode.OK);
        var sent = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "debug-try.csv", s.PredictionCsv(0.01),
            new Dictionary<string, string> { ["debug"] = "true" }), HttpStatusCode.Accepted);
        var debug = Guid.Parse(sent["id"]!.GetValue<string>());
        var ended = await s.Participant.WaitForFinalAsync(debug);
        Assert.Equal("Scored", ended["status"]!.GetValue<string>());
        Assert.True(ended["isDebug"]!.GetValue<bool>());
        // The job its end enqueued, run here too to its end: it sends nothing.
        await Host.InScopeAsync(sp => sp.GetRequiredService<SubmissionEndedMailJob>().SendAsync(debug, CancellationToken.None));
        // A ranked run afterwards is mailed (mail works, so the absence below could have been a presence); by then the
        // debug run's own job, enqueued earlier on the same queue, has had its turn.
        var ranked = await SubmitAsync(s, s.Participant);
        await s.Participant.WaitForFinalAsync(ranked);
        await WaitForMailAsync(to, m => (m.Subject ?? "").StartsWith("Submission scored: p.csv", StringComparison.Ordinal));
        Assert.DoesNotContain(mail.MailTo(to), m => (m.Subject ?? "").Contains("debug-try.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReadOnlyTokenCannotTurnSomeonesMailOff()
    {
        var reader = await Scenario.NewUserAsync(Host, "reader", scopes: ["read"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("account/notifications", new { submissionEnded = false, announcements = false })).StatusCode);
        Assert.True((await reader.GetJsonAsync("account/notifications"))["submissionEnded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnAnnouncementReachesEveryRegisteredMemberAndIsShownOnTheCompetition()
    {
        var s = await Scenario.CreateAsync(Host);
        var second = await Scenario.NewUserAsync(Host, "second");
        await second.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        var outsider = await Scenario.NewUserAsync(Host, "outsider");
        var quiet = await Scenario.NewUserAsync(Host, "quiet");
        await quiet.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        await quiet.PutAsync("account/notifications", new { submissionEnded = true, announcements = false });

        var posted = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/announcements",
            new { subject = "Deadline moved", body = "Stage 1 now ends on Friday.\nGood luck!" }, HttpStatusCode.Created);
        Assert.Equal("Deadline moved", posted["subject"]!.GetValue<string>());
        foreach (var member in new[] { s.Participant, second })
        {
            var message = (await WaitForMailAsync(await EmailOf(member), m => (m.Subject ?? "").Contains("Deadline moved"))).Single();
            Assert.Equal("[Test competition] Deadline moved", message.Subject);
            Assert.Contains("Stage 1 now ends on Friday.\nGood luck!", (message.TextBody ?? "").Replace("\r\n", "\n"));
        }
        // Counted once sent: the outsider and the member who opted out were not among them.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/announcements"))[0]!["recipients"]?.GetValue<int>() != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The announcement was not counted as sent to 2 members.");
            await Task.Delay(200);
        }
        Assert.Empty(mail.MailTo(await EmailOf(outsider)));
        Assert.Empty(mail.MailTo(await EmailOf(quiet)));
        // Everyone who may see the competition reads it; only organizers see how many it went to.
        using var anonymous = new HttpClient { BaseAddress = new Uri(Host.BaseAddress, "/api/v1/") };
        var shown = await ApiClient.ExpectAsync(await anonymous.GetAsync($"competitions/{s.Slug}/announcements"), HttpStatusCode.OK);
        Assert.Equal("Stage 1 now ends on Friday.\nGood luck!", shown[0]!["body"]!.GetValue<string>());
        Assert.Null(shown[0]!["recipients"]);
        Assert.Null(shown[0]!["sent"]);
    }

    [Fact]
    public async Task ALineBreakInTheSubjectCannotAddAMailHeader()
    {
        var s = await Scenario.CreateAsync(Host);
        var victim = await Scenario.NewUserAsync(Host, "victim");
        var victimEmail = await EmailOf(victim);
        foreach (var subject in new[] { $"Hello\r\nBcc: {victimEmail}", $"Hello\nBcc: {victimEmail}", $"Hello\rBcc: {victimEmail}", "Tab\tseparated" })
        {
            var refused = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"competitions/{s.Slug}/announcements",
                new { subject, body = "Hi." }), HttpStatusCode.BadRequest);
            Assert.Contains("'subject' must be one line", refused["detail"]!.GetValue<string>());
        }
        Assert.Empty(await Host.DbAsync(db => db.Announcements.Where(a => a.Competition!.Slug == s.Slug).ToListAsync()));
        Assert.Empty(mail.MailTo(victimEmail));
    }

    [Fact]
    public async Task HtmlInAnAnnouncementIsMailedAndServedAsPlainText()
    {
        var s = await Scenario.CreateAsync(Host);
        const string body = "<script>alert('x')</script><a href=\"https://evil.example\">prize</a>";
        await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/announcements", new { subject = "Prize", body }, HttpStatusCode.Created);
        var message = (await WaitForMailAsync(await EmailOf(s.Participant), m => (m.Subject ?? "").Contains("Prize"))).Single();
        Assert.Null(message.HtmlBody);
        Assert.Equal("text/plain", message.Body!.ContentType.MimeType);
        Assert.StartsWith(body, message.TextBody ?? "");
        // The competition's page shows it as text: encoded, no script element of the organizer's.
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        var page = await http.GetStringAsync($"/competitions/{s.Slug}");
        Assert.Contains("&lt;script&gt;alert(", page);
        Assert.DoesNotContain("<script>alert(", page);
    }

    [Fact]
    public async Task ASelfMadeOrganizerCannotMailPeopleWhoDidNotRegisterForTheirCompetition()
    {
        var victimCompetition = await Scenario.CreateAsync(Host);
        var victimEmail = await EmailOf(victimCompetition.Participant);
        // Anyone the admin let create competitions, with a competition of their own that nobody joined.
        var own = await Scenario.CreateAsync(Host, register: false);
        var posted = await own.Organizer.PostJsonAsync($"competitions/{own.Slug}/announcements",
            new { subject = "You won a prize", body = "Claim it here." }, HttpStatusCode.Created);
        // Nor by posting on the victim's competition: they organize only their own.
        Assert.Equal(HttpStatusCode.Forbidden, (await own.Organizer.PostAsync($"competitions/{victimCompetition.Slug}/announcements",
            new { subject = "You won a prize", body = "Claim it here." })).StatusCode);
        // A participant is no organizer of the competition they registered for either.
        Assert.Equal(HttpStatusCode.Forbidden, (await victimCompetition.Participant.PostAsync($"competitions/{victimCompetition.Slug}/announcements",
            new { subject = "You won a prize", body = "Claim it here." })).StatusCode);
        var id = Guid.Parse(posted["id"]!.GetValue<string>());
        await Host.InScopeAsync(sp => sp.GetRequiredService<AnnouncementMailJob>().SendAsync(id, CancellationToken.None));
        Assert.DoesNotContain(mail.MailTo(victimEmail), m => (m.Subject ?? "").Contains("prize"));
        Assert.Equal(0, (await own.Organizer.GetJsonAsync($"competitions/{own.Slug}/announcements"))[0]!["recipients"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOrganizerCannotFloodTheirParticipantsWithAnnouncements()
    {
        var s = await Scenario.CreateAsync(Host);
        var perDay = Host.Get<NotificationOptions>().AnnouncementsPerDay;
        for (var i = 0; i < perDay; i++)
        {
            await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/announcements", new { subject = $"News {i}", body = "More news." }, HttpStatusCode.Created);
        }
        var refused = await s.Organizer.PostAsync($"competitions/{s.Slug}/announcements", new { subject = "One more", body = "Spam." });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromHours(23), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains($"{perDay} announcements in 24 hours", await refused.Content.ReadAsStringAsync());
        var tooLong = await s.Organizer.PostAsync($"competitions/{s.Slug}/announcements", new { subject = "Long", body = new string('x', Announcements.MaxBody + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}

[Trait("Category", "Integration")]
public sealed class NotificationAttacksOnSqlite(SqliteMailHost mail) : NotificationAttacks(mail), IClassFixture<SqliteMailHost>;

[Trait("Category", "Integration")]
public sealed class NotificationAttacksOnPostgres(PostgresMailHost mail) : NotificationAttacks(mail), IClassFixture<PostgresMailHost>;
