using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Leaderboards;

/// <summary>The rules of issue 25 without a database: which entries the private board takes, when boards freeze and reveal,
/// which metric and items each board uses (ADRs 0040-0042).</summary>
[Trait("Category", "Unit")]
public sealed class BoardRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static Phase PhaseOf(TrackKind kind = TrackKind.Predictor, string settings = "{}", int? picks = null) => new()
    {
        Slug = "final",
        Title = "Final",
        PrimaryMetric = kind == TrackKind.UnseenData ? "score" : "kendall_tau",
        StartsAt = T0.AddDays(-5),
        EndsAt = T0.AddDays(5),
        FinalPicks = picks,
        Track = new Track { Slug = "t", Title = "T", Kind = kind, SettingsJson = settings },
    };

    private static Submission Entry(Guid team, int minute, double pub, bool picked = false, bool baseline = false) => new()
    {
        FileName = "f",
        TeamId = team,
        CreatedAt = T0.AddMinutes(minute),
        IsBaseline = baseline,
        PickedAt = picked ? T0.AddMinutes(100 + minute) : null,
        Score = new Score { PublicMetricsJson = $"{{\"kendall_tau\":{pub},\"rmse\":{1 - pub}}}", PrivateMetricsJson = "{}", ScorerVersion = "v", PublicPrimary = pub },
    };

    [Fact]
    public void ATeamsPicksReplaceItsEntriesAndATeamWithoutPicksKeepsItsBestPublicNTiesToTheEarlier()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), none = Guid.Empty;
        var aBest = Entry(a, 1, 0.9);
        var aPicked = Entry(a, 2, 0.2, picked: true);
        var bFirst = Entry(b, 3, 0.5);
        var bTie = Entry(b, 4, 0.5);
        var bWorst = Entry(b, 5, 0.1);
        var baseline = Entry(none, 0, 0.3, baseline: true);
        var chosen = FinalSelection.Entries([aBest, aPicked, bFirst, bTie, bWorst, baseline], PhaseOf(picks: 1));
        Assert.Equal([baseline, aPicked, bFirst], chosen.OrderBy(s => s.CreatedAt));
        Assert.Equal([aBest, aPicked, bFirst, bTie, bWorst, baseline], FinalSelection.Entries([aBest, aPicked, bFirst, bTie, bWorst, baseline], PhaseOf()));
    }

    [Fact]
    public void PicksBeyondALoweredLimitCountInTheOrderTheyWereMade()
    {
        var team = Guid.NewGuid();
        var first = Entry(team, 1, 0.1, picked: true);
        var second = Entry(team, 2, 0.9, picked: true);
        Assert.Equal([first], FinalSelection.Entries([second, first], PhaseOf(picks: 1)));
    }

    [Fact]
    public void TheDefaultPicksFollowThePublicBoardsOwnMetricAndDirection()
    {
        var team = Guid.NewGuid();
        var phase = PhaseOf(picks: 1);
        phase.PublicMetric = "rmse";
        Assert.Equal(("rmse", false), BoardRules.MetricOf(phase, Board.Public));
        Assert.Equal(("kendall_tau", true), BoardRules.MetricOf(phase, Board.Private));
        var high = Entry(team, 1, 0.9); // rmse 0.1: the best by rmse too
        var low = Entry(team, 2, 0.2);  // rmse 0.8
        Assert.Equal(0.1, BoardRules.ValueOf(high, phase, Board.Public)!.Value, 12);
        Assert.Equal([high], FinalSelection.Entries([low, high], phase));
    }

    [Fact]
    public void TheBoardFreezesAtItsTimeAndThePrivateBoardIsRevealedByHandOrAtItsTime()
    {
        var phase = PhaseOf();
        Assert.False(BoardRules.IsFrozen(phase, T0));
        phase.FreezesAt = T0;
        Assert.False(BoardRules.IsFrozen(phase, T0.AddTicks(-1)));
        Assert.True(BoardRules.IsFrozen(phase, T0));
        Assert.False(BoardRules.IsRevealed(phase, T0.AddDays(30)));
        phase.RevealsAt = T0.AddDays(6);
        Assert.False(BoardRules.IsRevealed(phase, T0.AddDays(6).AddTicks(-1)));
        Assert.True(BoardRules.IsRevealed(phase, T0.AddDays(6)));
        phase.RevealsAt = null;
        phase.PrivatePublished = true;
        Assert.True(BoardRules.IsRevealed(phase, T0));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("{\"datasetBoards\":{\"cifar\":\"both\"}}", true)]
    [InlineData("{\"privateTestFraction\":0}", true)]
    [InlineData("{\"privateTestFraction\":0.3}", false)]
    [InlineData("{\"datasetBoards\":{\"cifar\":\"private\"}}", false)]
    [InlineData("{\"phases\":{\"final\":{\"privateTestFraction\":0.5}}}", false)]
    public void AnUnseenDataPhaseHasTheSameItemsOnBothBoardsUnlessItsSettingsSplitThem(string settings, bool same)
    {
        var phase = PhaseOf(TrackKind.UnseenData, settings);
        Assert.Equal(same, BoardRules.SameItems(phase.Track!, phase));
        phase.SplitBoards = true;
        Assert.Equal(same, BoardRules.IdenticalBoardsProblem(phase.Track!, phase) is not null);
    }

    [Fact]
    public void APredictorPhaseNeverHasIdenticalBoardsItsHiddenSetSplitsEveryItem()
    {
        var phase = PhaseOf();
        phase.SplitBoards = true;
        Assert.Null(BoardRules.IdenticalBoardsProblem(phase.Track!, phase));
        Assert.Equal("kendall_tau (higher is better) over the hidden set's public split", BoardRules.Describe(phase.Track!, phase, Board.Public));
    }
}
