using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Competitions;

/// <summary>
/// Issue 23, why 2: anyone who signed up created a competition that was published at once (no phase, no rules), skipping
/// the pre-publish check, and became the organizer of whatever reaches the shared workers. Now creating is the platform's
/// decision (Competitions:Creation, default Granted) and every competition is a draft until the check passes. Both stacks.
/// </summary>
public abstract class CompetitionCreationAttacks(PlatformHost host)
{
    private static bool Listed(JsonNode list, string slug) => list.AsArray().Any(c => c!["slug"]!.GetValue<string>() == slug);

    [Fact]
    public async Task ANewAccountCannotCreateACompetitionAndNoneIsPublishedWithoutTheCheck()
    {
        // The scenario: a user who just signed up posts a competition with no phase and no rules.
        var newcomer = await Scenario.NewUserAsync(host, "newcomer");
        var slug = "x-" + Guid.NewGuid().ToString("N")[..10];
        var refused = await newcomer.PostJsonAsync("competitions", new { slug, title = "Mine now" }, HttpStatusCode.Forbidden);
        Assert.Contains("organizer", refused["detail"]!.GetValue<string>());
        Assert.False(Listed(await new ApiClient(host).GetJsonAsync("competitions"), slug));

        // A user an admin made "organizer" creates a draft, published neither by asking nor without the check.
        var admin = await Scenario.NewUserAsync(host, "admin", admin: true);
        var me = (await newcomer.GetJsonAsync("account/me"))["id"]!.GetValue<string>();
        var granted = await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{me}/organizer", new { organizer = true }), HttpStatusCode.OK);
        Assert.True(granted["isOrganizer"]!.GetValue<bool>());
        var problem = await newcomer.PostJsonAsync("competitions", new { slug, title = "Mine now", draft = false }, HttpStatusCode.BadRequest);
        Assert.Contains("'draft'", problem["detail"]!.GetValue<string>());
        await newcomer.PostJsonAsync("competitions", new { slug, title = "Mine now" }, HttpStatusCode.Created);
        Assert.False(Listed(await new ApiClient(host).GetJsonAsync("competitions"), slug));
        var blocked = await newcomer.PostJsonAsync($"competitions/{slug}/publish", null, HttpStatusCode.BadRequest);
        Assert.Contains("no rules", blocked["detail"]!.GetValue<string>());
        Assert.Contains("no track", blocked["detail"]!.GetValue<string>());
        Assert.False(Listed(await new ApiClient(host).GetJsonAsync("competitions"), slug));

        // Revoked, they create nothing more; what they organize stays theirs.
        await ApiClient.ExpectAsync(await admin.PutAsync($"admin/users/{me}/organizer", new { organizer = false }), HttpStatusCode.OK);
        await newcomer.PostJsonAsync("competitions", new { slug = slug + "-2", title = "Another" }, HttpStatusCode.Forbidden);
        await newcomer.GetJsonAsync($"competitions/{slug}");
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class CompetitionCreationAttacksOnSqlite(SqliteDiskHost fixture) : CompetitionCreationAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class CompetitionCreationAttacksOnPostgres(PostgresS3Host fixture) : CompetitionCreationAttacks(fixture.Host);
