using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Api;

/// <summary>Each bad input gets the right status and a message naming the fault; nothing is stored and no quota is spent.</summary>
public abstract class BadInputTests(PlatformHost host)
{
    private async Task<string> RejectedAsync(Scenario s, string fileName, byte[] content, HttpStatusCode expected)
    {
        var before = await CountAsync(s);
        var problem = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, fileName, content), expected);
        Assert.Equal(before, await CountAsync(s));
        return problem["detail"]!.GetValue<string>();
    }

    private Task<int> CountAsync(Scenario s) => host.DbAsync(db => db.Submissions.CountAsync(x => x.PhaseId == s.PhaseId));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Csv(Scenario s, Func<(string Id, double Acc, bool Private), string?> line)
    {
        var text = new StringBuilder("arch_id,prediction\n");
        foreach (var q in s.QuerySet)
        {
            if (line(q) is { } l)
            {
                text.Append(l).Append('\n');
            }
        }
        return text.ToString();
    }

    [Fact]
    public async Task MalformedJsonIsRejectedWithItsPosition()
    {
        var s = await Scenario.CreateAsync(host);
        var detail = await RejectedAsync(s, "p.json", Utf8("{\"arch1\": {\"acc\": 0.9},\n \"arch2\": {\"acc\": }"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("line 2", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MalformedCsvIsRejectedNamingTheLine()
    {
        var s = await Scenario.CreateAsync(host);
        var csv = Csv(s, q => q.Id == s.QuerySet[5].Id ? $"{q.Id},0.9,extra" : $"{q.Id},0.9");
        var detail = await RejectedAsync(s, "p.csv", Utf8(csv), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("line 7", detail);
    }

    [Fact]
    public async Task DuplicateMissingAndUnknownArchitecturesAreNamed()
    {
        var s = await Scenario.CreateAsync(host);
        var dup = s.QuerySet[3].Id;
        var detail = await RejectedAsync(s, "p.csv", Utf8(Csv(s, q => $"{q.Id},0.9") + $"{dup},0.91\n"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(dup, detail);

        var missing = s.QuerySet[7].Id;
        detail = await RejectedAsync(s, "p.csv", Utf8(Csv(s, q => q.Id == missing ? null : $"{q.Id},0.9")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(missing, detail);

        detail = await RejectedAsync(s, "p.csv", Utf8(Csv(s, q => $"{q.Id},0.9") + "arch-from-nowhere,0.9\n"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("arch-from-nowhere", detail);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    [InlineData("abc")]
    public async Task NonFiniteOrNonNumericPredictionsAreNamed(string value)
    {
        var s = await Scenario.CreateAsync(host);
        var bad = s.QuerySet[11].Id;
        var detail = await RejectedAsync(s, "p.csv", Utf8(Csv(s, q => q.Id == bad ? $"{q.Id},{value}" : $"{q.Id},0.9")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(bad, detail);
    }

    [Fact]
    public async Task NaNInJsonIsRejectedNamingTheArchitecture()
    {
        var s = await Scenario.CreateAsync(host);
        var obj = new StringBuilder("{");
        foreach (var (q, i) in s.QuerySet.Select((q, i) => (q, i)))
        {
            obj.Append(i == 0 ? "" : ",").Append($"\"{q.Id}\": {{\"acc\": {(i == 4 ? "NaN" : "0.9")}}}");
        }
        var detail = await RejectedAsync(s, "p.json", Utf8(obj.Append('}').ToString()), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(s.QuerySet[4].Id, detail);
    }

    [Fact]
    public async Task AnEmptyFileIsRejected()
    {
        var s = await Scenario.CreateAsync(host);
        var detail = await RejectedAsync(s, "p.csv", [], HttpStatusCode.UnprocessableEntity);
        Assert.Contains("empty", detail);
    }

    [Fact]
    public async Task AFileWhoseContentIsNotWhatItsNameSaysIsRejected()
    {
        var s = await Scenario.CreateAsync(host);
        var detail = await RejectedAsync(s, "p.json", Utf8(Csv(s, q => $"{q.Id},0.9")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not JSON", detail);
        detail = await RejectedAsync(s, "p.csv", Utf8("{\"arch1\": {\"acc\": 0.9}}"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("content is JSON", detail);
    }

    [Fact]
    public async Task AnUploadOverTheTrackLimitIsCutOffWithoutBeingStored()
    {
        var s = await Scenario.CreateAsync(host);
        var before = await CountAsync(s);
        // 2 GB announced and streamed lazily: the server stops reading at the 10 MB limit.
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new GeneratedStream(2L * 1024 * 1024 * 1024));
        form.Add(file, "file", "huge.csv");
        HttpStatusCode? status = null;
        string detail = "";
        try
        {
            var response = await s.Participant.Http.PostAsync($"phases/{s.PhaseId}/submissions", form);
            status = response.StatusCode;
            detail = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            // The server may close the connection after answering while the client is still sending.
        }
        if (status is not null)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
            Assert.Contains("10 MiB", detail);
        }
        Assert.Equal(before, await CountAsync(s));
        // The platform keeps working.
        var ok = await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
    }

    [Fact]
    public async Task SubmittingBeforeThePhaseOpensOrAfterItClosesIsRefused()
    {
        var early = await Scenario.CreateAsync(host, new
        {
            slug = "later",
            title = "Later",
            startsAt = DateTimeOffset.UtcNow.AddDays(2),
            endsAt = DateTimeOffset.UtcNow.AddDays(9),
            primaryMetric = "rmse",
        });
        Assert.Contains("opens on", await RejectedAsync(early, "p.csv", early.PredictionCsv(0.01), HttpStatusCode.Conflict));
        var late = await Scenario.CreateAsync(host, new
        {
            slug = "over",
            title = "Over",
            startsAt = DateTimeOffset.UtcNow.AddDays(-9),
            endsAt = DateTimeOffset.UtcNow.AddDays(-2),
            primaryMetric = "rmse",
        });
        Assert.Contains("closed on", await RejectedAsync(late, "p.csv", late.PredictionCsv(0.01), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task TheDailyAndTotalLimitsCountOnlyAcceptedSubmissions()
    {
        var s = await Scenario.CreateAsync(host, new
        {
            slug = "limited",
            title = "Limited",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(9),
            primaryMetric = "kendall_tau",
            dailyLimit = 2,
            totalLimit = 3,
        });
        await RejectedAsync(s, "p.csv", Utf8("nonsense"), HttpStatusCode.UnprocessableEntity);
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "a.csv", s.PredictionCsv(0.01, 1)), HttpStatusCode.Accepted);
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "b.csv", s.PredictionCsv(0.01, 2)), HttpStatusCode.Accepted);
        var detail = await RejectedAsync(s, "c.csv", s.PredictionCsv(0.01, 3), HttpStatusCode.TooManyRequests);
        Assert.Contains("2 submissions for today", detail);

        // A day later the daily limit resets, but the total of 3 still holds.
        await host.DbAsync(async db =>
        {
            foreach (var x in await db.Submissions.Where(x => x.PhaseId == s.PhaseId).ToListAsync())
            {
                x.CreatedAt = x.CreatedAt.AddDays(-1);
            }
            return await db.SaveChangesAsync();
        });
        await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "c.csv", s.PredictionCsv(0.01, 3)), HttpStatusCode.Accepted);
        detail = await RejectedAsync(s, "d.csv", s.PredictionCsv(0.01, 4), HttpStatusCode.TooManyRequests);
        Assert.Contains("all 3 submissions", detail);
    }

    [Fact]
    public async Task ATeamThatIsNotRegisteredCannotSubmit()
    {
        var s = await Scenario.CreateAsync(host, register: false);
        Assert.Contains("not registered", await RejectedAsync(s, "p.csv", s.PredictionCsv(0.01), HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task RevokedAndExpiredTokensAreRefusedWithTheReason()
    {
        var s = await Scenario.CreateAsync(host);
        // Tokens cannot list tokens (only a session can, ADR 0026): the test reads the row.
        var participantId = Guid.Parse((await s.Participant.GetJsonAsync("account/me"))["id"]!.GetValue<string>());
        var id = (await host.DbAsync(db => db.ApiTokens.Where(t => t.UserId == participantId).Select(t => t.Id).SingleAsync())).ToString();
        await host.DbAsync(db => db.ApiTokens.Where(t => t.Id == Guid.Parse(id))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var problem = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem["detail"]!.GetValue<string>());
        // Even an endpoint open to anonymous callers says so, instead of quietly treating the script as anonymous.
        await s.Participant.GetJsonAsync("competitions", HttpStatusCode.Unauthorized);

        var other = await Scenario.NewUserAsync(host, "revoker");
        var otherId = Guid.Parse((await other.GetJsonAsync("account/me"))["id"]!.GetValue<string>());
        await host.InScopeAsync(async sp =>
        {
            var tokenId = await sp.GetRequiredService<NasArenaDb>().ApiTokens.Where(t => t.UserId == otherId).Select(t => t.Id).SingleAsync();
            await sp.GetRequiredService<AccountService>().RevokeTokenAsync(otherId, tokenId, CancellationToken.None);
        });
        problem = await other.GetJsonAsync("account/me", HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUploadThatIsNotMultipartIsRefused()
    {
        var s = await Scenario.CreateAsync(host);
        var response = await s.Participant.Http.PostAsync($"phases/{s.PhaseId}/submissions", new StringContent("arch_id,prediction\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AnInconsistentQuerySetIsRejectedAndTheStoredOneKept()
    {
        var s = await Scenario.CreateAsync(host);
        var duplicate = "{\"a\": {\"acc\": 0.9, \"split\": \"public\"}, \"a\": {\"acc\": 0.8, \"split\": \"private\"}, \"b\": {\"acc\": 0.7, \"split\": \"private\"}}";
        var problem = await ApiClient.ExpectAsync(await s.Organizer.UploadAssetAsync(s.PhaseId, "query-set", "q.json", Utf8(duplicate)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("\"a\"", problem["detail"]!.GetValue<string>());

        var onlyPublic = "{\"a\": {\"acc\": 0.9, \"split\": \"public\"}, \"b\": {\"acc\": 0.8, \"split\": \"public\"}}";
        problem = await ApiClient.ExpectAsync(await s.Organizer.UploadAssetAsync(s.PhaseId, "query-set", "q.json", Utf8(onlyPublic)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("private", problem["detail"]!.GetValue<string>());

        // The query set stored before is still the one submissions are scored against.
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadOrganizerSettingsAreNamed()
    {
        var s = await Scenario.CreateAsync(host);
        var problem = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/tracks/prediction/phases", new
        {
            slug = "p2",
            title = "P2",
            startsAt = DateTimeOffset.UtcNow,
            endsAt = DateTimeOffset.UtcNow.AddDays(1),
            primaryMetric = "accuracy",
        }, HttpStatusCode.BadRequest);
        Assert.Contains("'primaryMetric' must be one of", problem["detail"]!.GetValue<string>());
        problem = await s.Organizer.PostJsonAsync($"competitions/{s.Slug}/tracks/prediction/phases", new
        {
            slug = "p3",
            title = "P3",
            startsAt = DateTimeOffset.UtcNow,
            endsAt = DateTimeOffset.UtcNow.AddDays(-1),
            primaryMetric = "rmse",
        }, HttpStatusCode.BadRequest);
        Assert.Contains("'endsAt'", problem["detail"]!.GetValue<string>());
        problem = await s.Organizer.PostJsonAsync("competitions", new { slug = "Bad Slug!", title = "x" }, HttpStatusCode.BadRequest);
        Assert.Contains("'slug'", problem["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadInputOnSqliteAndDisk(SqliteDiskHost fixture) : BadInputTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class BadInputOnPostgresAndS3(PostgresS3Host fixture) : BadInputTests(fixture.Host);
