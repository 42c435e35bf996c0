using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>The cap on runs per team is the organizers' to set, within the operator's ceiling (ADR 0046).</summary>
public abstract class FairQueueSettingsTests(PlatformHost host)
{
    [Fact]
    public async Task OrganizersSeeTheDefaultAndSetACapWithinTheCeiling()
    {
        var s = await Scenario.CreateAsync(host);
        var view = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/fair-queue");
        Assert.Equal(2, view["maxRunningPerTeam"]!.GetValue<int>());
        Assert.Equal(8, view["ceiling"]!.GetValue<int>());
        Assert.True(view["isDefault"]!.GetValue<bool>());

        var set = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = 3 }), HttpStatusCode.OK);
        Assert.Equal(3, set["maxRunningPerTeam"]!.GetValue<int>());
        Assert.False(set["isDefault"]!.GetValue<bool>());
        var reset = await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = (int?)null }),
            HttpStatusCode.OK);
        Assert.True(reset["isDefault"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnOrganizerCannotTakeEveryWorkerByAskingForMoreThanTheCeiling()
    {
        var s = await Scenario.CreateAsync(host);
        foreach (var bad in new[] { 9, 1000, 0, -1 })
        {
            var response = await s.Organizer.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = bad });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadAsStringAsync();
            Assert.Contains("'maxRunningPerTeam' must be between 1 and 8", problem);
            Assert.Contains($"got {bad}", problem);
        }
    }

    [Fact]
    public async Task AParticipantCannotRaiseTheirTeamsCapNorReadAnotherCompetitionsSetting()
    {
        var s = await Scenario.CreateAsync(host);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Participant.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = 8 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Participant.Http.GetAsync($"competitions/{s.Slug}/fair-queue")).StatusCode);
        // A self-made organizer of another competition is no organizer of this one.
        var other = await Scenario.NewOrganizerAsync(host, "other-organizer");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = 8 })).StatusCode);
        var view = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/fair-queue");
        Assert.True(view["isDefault"]!.GetValue<bool>());
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FairQueueSettingsOnSqliteAndDisk(SqliteDiskHost fixture) : FairQueueSettingsTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class FairQueueSettingsOnPostgresAndS3(PostgresS3Host fixture) : FairQueueSettingsTests(fixture.Host);
