using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Fair queues (ADR 0046) with a real worker on a busy queue: a web process (mode web) takes a burst from one team and one
/// submission from another while no worker runs, so every job waits in Hangfire's first-come-first-served queue; then a
/// worker starts. Asserted on the order of the database's StartedAt and FinishedAt, never on how long anything took.
/// </summary>
public abstract class FairQueueTests
{
    private const int Burst = 8;

    protected abstract Stack Stack { get; }

    protected abstract Task<Dictionary<string, string?>> SharedSettingsAsync();

    private sealed record Line(PlatformHost Web, Dictionary<string, string?> Shared, List<Guid> First, Guid Second);

    /// <summary>Team one submits <see cref="Burst"/> files, then team two one file; nothing runs yet.</summary>
    private async Task<Line> QueueABurstAsync(int? cap, Dictionary<string, string?>? overrides = null)
    {
        var shared = await SharedSettingsAsync();
        foreach (var (k, v) in overrides ?? [])
        {
            shared[k] = v;
        }
        await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
        var web = await PlatformHost.StartAsync(Stack, new Dictionary<string, string?>(shared) { ["NasArena:Mode"] = "web" });
        var s = await Scenario.CreateAsync(web);
        if (cap is not null)
        {
            await ApiClient.ExpectAsync(await s.Organizer.PutAsync($"competitions/{s.Slug}/fair-queue", new { maxRunningPerTeam = cap }), HttpStatusCode.OK);
        }
        var second = await Scenario.NewUserAsync(web, "second-team");
        await second.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        var first = new List<Guid>();
        for (var i = 0; i < Burst; i++)
        {
            first.Add(await SubmitAsync(s.Participant, s, i));
        }
        return new Line(web, shared, first, await SubmitAsync(second, s, 99));
    }

    private static async Task<Guid> SubmitAsync(ApiClient client, Scenario s, int seed) =>
        Guid.Parse((await ApiClient.ExpectAsync(await client.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01, seed)), HttpStatusCode.Accepted))
            ["id"]!.GetValue<string>());

    /// <summary>Starts a worker of <paramref name="threads"/> on the same database and waits until every submission ended.</summary>
    private async Task<List<Submission>> DrainAsync(Line line, int threads, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(line.Shared) { ["Worker:Count"] = threads.ToString() };
        foreach (var (k, v) in overrides ?? [])
        {
            settings[k] = v;
        }
        await using var worker = await PlatformHost.StartAsync(Stack, settings);
        var ids = line.First.Append(line.Second).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var rows = await line.Web.DbAsync(db => db.Submissions.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync());
            if (rows.All(r => r.IsFinal))
            {
                Assert.All(rows, r => Assert.True(r.Status == SubmissionStatus.Scored, $"{r.Id}: {r.Status} {r.FailureReason}"));
                return rows;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{rows.Count(r => !r.IsFinal)} submissions never ended.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task OnABusyQueueTheSecondTeamsFirstSubmissionStartsBeforeTheFirstTeamsSecond()
    {
        var line = await QueueABurstAsync(cap: 1);
        await using var web = line.Web;
        var rows = await DrainAsync(line, threads: 1);
        var order = rows.OrderBy(r => r.StartedAt).Select(r => r.Id).ToList();
        // One worker: the first team's oldest job starts first; the next job in the line is the first team's second, and it
        // starts the second team's submission instead (that team never started), going back to the end of the line itself.
        Assert.Equal(line.First[0], order[0]);
        Assert.Equal(line.Second, order[1]);
    }

    [Fact]
    public async Task WithFairQueuesOffTheSecondTeamWaitsBehindTheWholeBurst()
    {
        // The comparison the fault-injection experiment prints: the switch really turns fairness off, and the test above
        // would fail without it.
        var off = new Dictionary<string, string?> { ["FairQueues:Enabled"] = "false" };
        var line = await QueueABurstAsync(cap: 1, off);
        await using var web = line.Web;
        var rows = await DrainAsync(line, threads: 1, off);
        var order = rows.OrderBy(r => r.StartedAt).Select(r => r.Id).ToList();
        Assert.Equal(line.Second, order[^1]);
    }

    [Fact]
    public async Task ATeamNeverHasMoreRunsRunningThanItsCapEvenWithWorkersIdle()
    {
        var line = await QueueABurstAsync(cap: 2);
        await using var web = line.Web;
        var rows = await DrainAsync(line, threads: 4);
        var first = rows.Where(r => line.First.Contains(r.Id)).ToList();
        // A claim commits before its run starts and a run's end commits before the next claim counts it: at any start, the
        // runs of the team that started before it and had not finished are the ones running then.
        foreach (var r in first)
        {
            var alongside = first.Count(o => o.Id != r.Id && o.StartedAt <= r.StartedAt && o.FinishedAt > r.StartedAt);
            Assert.True(alongside < 2, $"When {r.Id} started, {alongside} other runs of its team were running (cap 2).");
        }
        // Four workers, cap two: the second team did not wait for the first team's burst.
        Assert.True(rows.Single(r => r.Id == line.Second).StartedAt < first.Max(r => r.StartedAt));
    }
}

[Trait("Category", "Integration")]
public sealed class FairQueuesOnSqliteAndDisk : FairQueueTests
{
    protected override Stack Stack => Stack.SqliteDisk;

    protected override Task<Dictionary<string, string?>> SharedSettingsAsync()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-fair").FullName;
        return Task.FromResult(StackSettings.SqliteDisk(dir));
    }
}

[Trait("Category", "Integration")]
public sealed class FairQueuesOnPostgresAndS3 : FairQueueTests
{
    protected override Stack Stack => Stack.PostgresS3;

    protected override Task<Dictionary<string, string?>> SharedSettingsAsync() => StackSettings.PostgresS3Async();
}
