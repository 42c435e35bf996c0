using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Jobs.Accounting;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Issue 25, item 7 (ADR 0045): every job run adds its wall time, CPU time and peak memory to its submission; the
/// submission's view shows them; the organizers' compute statistics sum them per phase and per team with the operator's
/// price per hour of the queue. Sums are checked against the rows, added up here independently.
/// </summary>
public abstract class ComputeAccountingTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    [Fact]
    public async Task EveryRunRecordsItsComputeAndARescoreAddsItsOwn()
    {
        var (s, id) = await _rows.ScoredAsync();
        var first = await _rows.LoadAsync(id);
        Assert.True(first.WallSeconds > 0, "no wall time recorded");
        // A run's wall time lies within the submission's life so far.
        Assert.InRange(first.WallSeconds, 1e-6, (DateTimeOffset.UtcNow - first.CreatedAt).TotalSeconds);
        Assert.True(first.CpuSeconds >= 0);
        Assert.True(first.PeakMemoryBytes > 16L << 20, $"a .NET worker's resident peak is above 16 MiB, not {first.PeakMemoryBytes}");
        Assert.Null(first.GpuSeconds); // no scorer ran on a GPU
        Assert.StartsWith("worker process", first.ComputeSource);

        var view = await s.Participant.GetJsonAsync($"submissions/{id}");
        Assert.Equal(first.WallSeconds, view["compute"]!["wallSeconds"]!.GetValue<double>(), 9);
        Assert.StartsWith("worker process", view["compute"]!["source"]!.GetValue<string>());

        await ApiClient.ExpectAsync(await s.Organizer.PostAsync($"submissions/{id}/rescore", null), HttpStatusCode.OK);
        var second = await _rows.WaitForAsync(id, x => x.Status == Domain.SubmissionStatus.Scored && x.WallSeconds > first.WallSeconds,
            "added the rescore's compute");
        Assert.True(second.CpuSeconds >= first.CpuSeconds);
        Assert.True(second.PeakMemoryBytes >= first.PeakMemoryBytes); // the highest any run saw
    }

    [Fact]
    public async Task TheStatisticsSumPerPhaseAndTeamAndPriceTheWallHoursOfTheQueue()
    {
        var (s, first) = await _rows.ScoredAsync();
        var second = Guid.Parse((await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.02, 2)),
            HttpStatusCode.Accepted))["id"]!.GetValue<string>());
        await s.Participant.WaitForFinalAsync(second);
        var rows = new[] { await _rows.LoadAsync(first), await _rows.LoadAsync(second) };
        var wallHours = rows.Sum(r => r.WallSeconds) / 3600;
        var cpuHours = rows.Sum(r => r.CpuSeconds) / 3600;

        // Through the API, as the shared hosts run: no price set, hours only.
        var api = await s.Organizer.GetJsonAsync($"competitions/{s.Slug}/statistics/compute");
        var phase = Assert.Single(api["perPhase"]!.AsArray())!;
        Assert.Equal("cpu", phase["queue"]!.GetValue<string>());
        Assert.Equal(2, phase["submissions"]!.GetValue<int>());
        Assert.Equal(wallHours, phase["wallHours"]!.GetValue<double>(), 12);
        Assert.Equal(cpuHours, phase["cpuHours"]!.GetValue<double>(), 12);
        Assert.Null(phase["estimatedCost"]);
        Assert.Null(api["totalCost"]);
        var team = Assert.Single(api["perTeam"]!.AsArray())!;
        Assert.Equal(wallHours, team["wallHours"]!.GetValue<double>(), 12);

        // The same service with an operator's prices: the cpu queue's price times the wall hours.
        var priced = await host.InScopeAsync(async sp =>
        {
            var service = new ComputeStatistics(sp.GetRequiredService<NasArenaDb>(), sp.GetRequiredService<Access>(),
                sp.GetRequiredService<CompetitionService>(), new AccountingOptions { CpuPricePerHour = 0.48, GpuPricePerHour = 2.5, Currency = "EUR" });
            var organizerId = await sp.GetRequiredService<NasArenaDb>().Competitions.Where(c => c.Slug == s.Slug)
                .Select(c => c.Organizers.First().UserId).SingleAsync();
            return await service.ComputeAsync(new Actor(organizerId, IsAdmin: false), s.Slug, CancellationToken.None);
        });
        Assert.Equal("EUR", priced.Currency);
        Assert.Equal(0.48 * wallHours, Assert.Single(priced.PerPhase).EstimatedCost!.Value, 12);
        Assert.Equal(0.48 * wallHours, priced.TotalCost!.Value, 12);

        // A participant is refused the organizers' figures.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Participant.Http.GetAsync($"competitions/{s.Slug}/statistics/compute")).StatusCode);
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ComputeAccountingOnSqliteAndDisk(SqliteDiskHost fixture) : ComputeAccountingTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class ComputeAccountingOnPostgresAndS3(PostgresS3Host fixture) : ComputeAccountingTests(fixture.Host);
