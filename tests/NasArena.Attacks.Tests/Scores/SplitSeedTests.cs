using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Jobs;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.UnseenData;
using NasArena.UnseenData.Scorer;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Issue 23, why 15: the unseen-data private split is a published function of (seed, data set, item count); with the
/// default empty seed anyone could compute which test items are private. Every phase gets a random seed of its own from
/// the platform, stored, given to the scorer, and readable by no participant.
/// </summary>
public abstract class SplitSeedTests(PlatformHost host)
{
    private Task<string?> StoredSeedAsync(Guid phaseId) =>
        host.DbAsync(db => db.Phases.Where(p => p.Id == phaseId).Select(p => p.PrivateSplitSeed).SingleAsync());

    [Fact]
    public async Task EachPhaseSplitsItsPrivateItemsWithARandomSeedNoParticipantCanRead()
    {
        var a = await UnseenDataScenario.CreateAsync(host);
        var b = await UnseenDataScenario.CreateAsync(host);

        // What the scorer gets: a seed, and not the empty one, so not the split anyone can compute.
        var phase = await host.DbAsync(db => db.Phases.AsNoTracking().Include(p => p.Track).SingleAsync(p => p.Id == a.PhaseId));
        var settings = await host.DbAsync(db => ScoringWorkspace.ScorerSettingsAsync(db, phase, CancellationToken.None));
        var seed = UnseenDataSettings.Parse(JsonDocument.Parse(settings).RootElement).PrivateSplitSeed;
        Assert.NotEqual(Boards.SplitMask("", "Fashion", 1000, 0.3), Boards.SplitMask(seed, "Fashion", 1000, 0.3));

        // Random per phase, at least 128 bits, stored (the same on every run and rescore).
        Assert.Equal(seed, await StoredSeedAsync(a.PhaseId));
        Assert.Matches("^[0-9a-f]{64}$", seed);
        Assert.NotEqual(seed, await StoredSeedAsync(b.PhaseId));

        // A scored package: the organizer sees the seed the scorer used in the score's provenance; the participant, nowhere.
        var zip = Path.Combine(Directory.CreateTempSubdirectory("nasarena-seed").FullName, "sample.zip");
        UnseenDataScenario.WritePackage(zip, "sample");
        var id = Guid.Parse((await ApiClient.ExpectAsync(await a.Participant.SubmitAsync(a.PhaseId, "sample.zip", await File.ReadAllBytesAsync(zip)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        var scored = await a.Participant.WaitForFinalAsync(id, TimeSpan.FromMinutes(5));
        Assert.True(scored["status"]!.GetValue<string>() == "Scored", scored.ToJsonString());
        Assert.Contains(seed, (await a.Organizer.GetJsonAsync($"submissions/{id}")).ToJsonString());
        var read = await ParticipantReads.AllAsync(a.Participant, a.Slug, a.PhaseId, id);
        Assert.False(read.Contains(seed, StringComparison.OrdinalIgnoreCase), "A participant read the private-split seed:\n" + read);
        Assert.Equal(seed, await StoredSeedAsync(a.PhaseId));
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SplitSeedOnSqlite(SqliteDiskHost fixture) : SplitSeedTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SplitSeedOnPostgres(PostgresS3Host fixture) : SplitSeedTests(fixture.Host);
