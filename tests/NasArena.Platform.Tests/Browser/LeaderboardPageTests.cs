using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Tests.Browser;

/// <summary>The page of a board the UI asks for: ranked teams paged and sorted on the server, baselines apart, directions known.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
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

    [Fact]
    public async Task TheProgressOfTheTopTeamsStepsUpToTheirBoardValueWithTheBaselineAsAFlatLine()
    {
        var progress = await chromium.Host.InScopeAsync(sp => sp.GetRequiredService<LeaderboardService>()
            .ProgressAsync(null, chromium.Demo.OpenPhaseId, Board.Public, LeaderboardService.DefaultProgressTeams, CancellationToken.None));
        var board = await PageAsync(new LeaderboardQuery(Take: 10));
        Assert.Equal(board.Rows.Select(r => r.TeamName), progress.Teams.Select(t => t.TeamName));
        Assert.All(progress.Teams.Zip(board.Rows), pair => Assert.Equal(pair.Second.Primary, pair.First.Steps[^1].Best));
        // Team i sent 1 + i % 3 entries, each later one better: every entry is a step, rising in time.
        Assert.Equal([1, 2, 3, 1], progress.Teams.Take(4).Select(t => t.Steps.Count));
        Assert.All(progress.Teams, t => Assert.Equal(t.Steps.OrderBy(s => s.At).Select(s => s.Best).Order(), t.Steps.Select(s => s.Best)));
        Assert.Equal([new BaselineLevel(chromium.Demo.BaselineTeam, 0.415)], progress.Baselines);
    }

    [Fact]
    public async Task TheProgressOfAnUnpublishedPrivateBoardIsRefusedToAVisitorAsTheBoardIs()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => chromium.Host.InScopeAsync(sp => sp.GetRequiredService<LeaderboardService>()
            .ProgressAsync(null, chromium.Demo.OpenPhaseId, Board.Private, 10, CancellationToken.None)));
    }
}
