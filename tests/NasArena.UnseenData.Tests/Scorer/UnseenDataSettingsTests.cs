using System.Text.Json;
using NasArena.UnseenData.Scorer;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Scoring;

[Trait("Category", "Unit")]
public sealed class UnseenDataSettingsTests
{
    [Fact]
    public void DefaultsFollowTheStartingKit()
    {
        var s = UnseenDataSettings.Parse(JsonDocument.Parse("{}").RootElement);
        Assert.Equal(1800, s.TimeLimitSeconds);
        Assert.Equal(60, s.PredictionGraceSeconds);
        Assert.False(s.HideLogs);
        Assert.Equal("bubblewrap", s.Runner);
        Assert.Equal(TimeBudget.PerDataset, s.TimeBudget); // the 2026 kit: 30 minutes for each data set
        Assert.Equal(1, s.CpuCores); // as many cores as torch threads
    }

    [Fact]
    public void APhaseCanShareOneBudgetAmongItsDataSetsWhileAnotherGivesEachItsOwn()
    {
        const string track = """{"timeLimitSeconds": 1800, "cpuCores": 1.5, "phases": {"dev": {"timeBudget": "shared", "timeLimitSeconds": 7200}}}""";
        var dev = UnseenDataSettings.Parse(JsonDocument.Parse(PhaseSettings.Merge(track, "dev")).RootElement);
        var final = UnseenDataSettings.Parse(JsonDocument.Parse(PhaseSettings.Merge(track, "final")).RootElement);
        Assert.Equal((TimeBudget.Shared, 7200.0, 1.5), (dev.TimeBudget, dev.TimeLimitSeconds, dev.CpuCores));
        Assert.Equal((TimeBudget.PerDataset, 1800.0, 1.5), (final.TimeBudget, final.TimeLimitSeconds, final.CpuCores));
    }

    [Theory]
    [InlineData("""{"timeLimitSeconds": "fast"}""", "'timeLimitSeconds' is \"fast\"; expected a number")]
    [InlineData("""{"maxProcesses": 0}""", "'maxProcesses' is 0; expected an integer from 1")]
    [InlineData("""{"hideLogs": "yes"}""", "'hideLogs' is \"yes\"; expected true or false")]
    [InlineData("""{"runner": "podman"}""", "'runner' is \"podman\"")]
    [InlineData("""{"timeBudget": "total"}""", "'timeBudget' is \"total\"; expected \"perDataset\" or \"shared\"")]
    [InlineData("""{"cpuCores": -1}""", "'cpuCores' is -1; expected a number of at least 0")]
    public void ABadSettingIsNamedWithWhatWasExpected(string json, string expected)
    {
        var e = Assert.Throws<ScoringConfigurationException>(() => UnseenDataSettings.Parse(JsonDocument.Parse(json).RootElement));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(92.87, 92.87, 0)]
    [InlineData(100, 92.87, 10)]
    [InlineData(0, 50, -10)]
    [InlineData(10, 92.87, -10)] // floored
    [InlineData(96.435, 92.87, 5)]
    public void ScoreIsTenTimesTheGainOverTheBenchmarkFlooredAtMinusTen(double acc, double benchmark, double expected) =>
        Assert.Equal(expected, DatasetResult.ScoreOf(acc, benchmark), 9);
}
