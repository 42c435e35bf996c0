using System.Net;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>The commands on an accepted submission answer as before, now that each of them is a state-machine transition.</summary>
public abstract class SubmissionCommandsTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    [Fact]
    public async Task ARescoreForgetsTheAttemptsAndOutageRetriesOfThePreviousRun()
    {
        var (s, id) = await _rows.ScoredAsync();
        await _rows.SetAsync(id, x => { x.Force(attempts: 2); x.OutageRetries = 3; });
        var rescored = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        Assert.Equal("Queued", rescored["status"]!.GetValue<string>());
        Assert.Equal(0, rescored["attempts"]!.GetValue<int>());
        var row = await _rows.LoadAsync(id);
        Assert.Equal((1, 0), (row.ScoringRun, row.OutageRetries));
        await s.Participant.WaitForFinalAsync(id);
    }

    [Fact]
    public async Task AScoredSubmissionCannotBeCancelledNorACancelledOneRescored()
    {
        var (s, id) = await _rows.ScoredAsync();
        var late = await ApiClient.ExpectAsync(await s.Participant.PostAsync($"submissions/{id}/cancel", null), HttpStatusCode.Conflict);
        Assert.Equal("The submission is scored already and cannot be cancelled.", late["detail"]!.GetValue<string>());
        await _rows.SetAsync(id, x => x.Force(status: SubmissionStatus.Cancelled));
        var refused = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.Conflict);
        Assert.Equal("A cancelled submission cannot be rescored.", refused["detail"]!.GetValue<string>());
        Assert.Equal(0, (await _rows.LoadAsync(id)).ScoringRun);
    }

    [Fact]
    public async Task RescoringAPhaseQueuesEachScoredOrFailedSubmissionOnce()
    {
        var (s, id) = await _rows.ScoredAsync();
        var answer = await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"phases/{s.PhaseId}/submissions/rescore", null), HttpStatusCode.OK);
        Assert.Equal(1, answer["queued"]!.GetValue<int>());
        Assert.Equal(1, (await _rows.LoadAsync(id)).ScoringRun);
        await s.Participant.WaitForFinalAsync(id);
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionCommandsOnSqliteAndDisk(SqliteDiskHost fixture) : SubmissionCommandsTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class SubmissionCommandsOnPostgresAndS3(PostgresS3Host fixture) : SubmissionCommandsTests(fixture.Host);
