using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Issue 23, why 6: a participant's scored submission showed the SHA-256 (and file name) of the phase's hidden query set
/// in its provenance; a hash names the file (and, on a Docker runner, its staged path). Participants are told which
/// version of which hidden asset a score used; organizers see the hashes. Checked in the API and the rendered page.
/// </summary>
public abstract class HiddenAssetHashTests(PlatformHost host)
{
    /// <summary>The page as a browser's first load gets it (prerendered), with the caller's credentials.</summary>
    private async Task<string> PageAsync(ApiClient client, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AParticipantSeesWhichVersionOfAHiddenAssetScoredThemButNeverItsHashOrFileName()
    {
        var s = await Scenario.CreateAsync(host);
        // A second query set replaces the first: version 2.
        await ApiClient.ExpectAsync(await s.Organizer.UploadAssetAsync(s.PhaseId, "query-set", "hidden-queries-v2.json", Scenario.QuerySetJson(s.QuerySet)),
            HttpStatusCode.Created);
        var hidden = await host.DbAsync(db => db.PhaseAssets.Where(a => a.PhaseId == s.PhaseId && !a.IsPublic)
            .Select(a => new { a.Artifact!.Sha256, a.Artifact.FileName }).SingleAsync());
        var id = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        Assert.Equal("Scored", (await s.Participant.WaitForFinalAsync(id))["status"]!.GetValue<string>());

        var api = await ParticipantReads.AllAsync(s.Participant, s.Slug, s.PhaseId, id);
        var page = await PageAsync(s.Participant, $"/submissions/{id}");
        foreach (var (what, text) in new[] { ("API", api), ("page", page) })
        {
            Assert.False(text.Contains(hidden.Sha256, StringComparison.OrdinalIgnoreCase), $"The participant's {what} shows the hidden asset's SHA-256:\n{text}");
            Assert.False(text.Contains(hidden.FileName, StringComparison.Ordinal), $"The participant's {what} shows the hidden asset's file name:\n{text}");
            Assert.Contains("the hidden query set, version 2", text);
        }

        // The organizers see the hash, in the API and on the page.
        Assert.Contains(hidden.Sha256, (await s.Organizer.GetJsonAsync($"submissions/{id}")).ToJsonString());
        Assert.Contains(hidden.Sha256, await PageAsync(s.Organizer, $"/submissions/{id}"));
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class HiddenAssetHashOnSqlite(SqliteDiskHost fixture) : HiddenAssetHashTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class HiddenAssetHashOnPostgres(PostgresS3Host fixture) : HiddenAssetHashTests(fixture.Host);
