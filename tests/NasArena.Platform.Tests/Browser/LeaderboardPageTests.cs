using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Tests.Browser;

/// <summary>The page of a board the UI asks for: ranked teams paged and sorted on the server, baselines apart, directions known.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class LeaderboardPageTests(ChromiumHost chromium)
{
    private Task<LeaderboardPage> PageAsync(LeaderboardQuery query) =>
        chromium.Host.InScopeAsync(sp => sp.GetRequiredService<LeaderboardService>().PageAsync(null, chromium.Demo.OpenPhaseId, query, CancellationToken.None));

    [Fact]
    public async Task ThePagesTogetherHoldEveryRankedTeamOnceInRankOrderWithTheBaselinesApart()
    {
        var first = await PageAsync(new LeaderboardQuery(Take: 25));
        var second = await PageAsync(new LeaderboardQuery(Skip: 25, Take: 25));
        Assert.Equal(chromium.Demo.Teams, first.TotalTeams);
        var ranks = first.Rows.Concat(second.Rows).Select(r => r.Rank).ToList();
        Assert.Equal(Enumerable.Range(1, chromium.Demo.Teams).Cast<int?>(), ranks);
        Assert.Equal([chromium.Demo.BaselineTeam], first.Baselines.Select(b => b.TeamName));
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.False(r.IsBaseline));
    }

    [Fact]
    public async Task SortingByAMetricOrdersEveryTeamByItAndTheColumnsSayWhichWayIsBetter()
    {
        var byRmse = await PageAsync(new LeaderboardQuery(SortBy: "rmse", Take: 200));
        var values = byRmse.Rows.Select(r => r.Metrics["rmse"]!.Value).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal("Team 08", byRmse.Rows[0].TeamName);
        var descending = await PageAsync(new LeaderboardQuery(SortBy: "rmse", Descending: true, Take: 1));
        Assert.Equal(values[^1], descending.Rows.Single().Metrics["rmse"]);

        Assert.Equal(new MetricColumn("kendall_tau", true, true), byRmse.Metrics[0]);
        Assert.Contains(new MetricColumn("rmse", false, false), byRmse.Metrics);
    }

    [Fact]
    public async Task EachRowSaysWhenItsTeamLastSubmittedAnythingNotOnlyItsBestEntry()
    {
        var page = await PageAsync(new LeaderboardQuery(Take: 200));
        Assert.All(page.Rows, r => Assert.True(page.LastSubmittedAt[r.TeamId] >= r.SubmittedAt));
    }

    [Theory]
    [InlineData("height", 0, 10)]
    [InlineData(null, -1, 10)]
    [InlineData(null, 0, 0)]
    [InlineData(null, 0, 201)]
    public async Task APageOutOfRangeOrSortedByAnUnknownColumnIsRefusedNamingWhy(string? sortBy, int skip, int take)
    {
        await Assert.ThrowsAsync<InvalidInputException>(() => PageAsync(new LeaderboardQuery(SortBy: sortBy, Skip: skip, Take: take)));
    }
}
