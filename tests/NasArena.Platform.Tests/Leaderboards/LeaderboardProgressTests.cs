using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Tests.Leaderboards;

/// <summary>A team's best-so-far line steps only where an entry beats every earlier one, in the phase's direction.</summary>
[Trait("Category", "Unit")]
public sealed class LeaderboardProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset, double?) At(int hour, double? value) => (T0.AddHours(hour), value);

    [Fact]
    public void HigherIsBetterStepsUpOnlyAtImprovementsInTimeOrderWhateverOrderTheEntriesCameIn()
    {
        var steps = LeaderboardService.BestSoFar([At(3, 0.7), At(0, 0.5), At(1, 0.4), At(2, 0.6)], higherIsBetter: true);
        Assert.Equal([new ProgressStep(T0, 0.5), new ProgressStep(T0.AddHours(2), 0.6), new ProgressStep(T0.AddHours(3), 0.7)], steps);
    }

    [Fact]
    public void LowerIsBetterStepsDownAndIgnoresWorseEntries()
    {
        var steps = LeaderboardService.BestSoFar([At(0, 0.05), At(1, 0.07), At(2, 0.03)], higherIsBetter: false);
        Assert.Equal([0.05, 0.03], steps.Select(s => s.Best));
    }

    [Fact]
    public void ATieKeepsTheEarlierEntryAsTheBoardDoes()
    {
        var steps = LeaderboardService.BestSoFar([At(0, 0.5), At(1, 0.5)], higherIsBetter: true);
        Assert.Equal([new ProgressStep(T0, 0.5)], steps);
    }

    [Fact]
    public void AMissingOrNonFiniteValueIsNeverABestEvenAsTheFirstEntry()
    {
        var steps = LeaderboardService.BestSoFar([At(0, null), At(1, double.NaN), At(2, 0.2), At(3, null)], higherIsBetter: false);
        Assert.Equal([new ProgressStep(T0.AddHours(2), 0.2)], steps);
        Assert.Empty(LeaderboardService.BestSoFar([At(0, null)], higherIsBetter: true));
    }
}
