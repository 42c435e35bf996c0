using System.Text.Json;
using NasArena.Sandbox.Scoring;
using NasArena.Scoring.Contract;

namespace NasArena.Sandbox.Tests.Scoring;

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
    }

    [Theory]
    [InlineData("""{"timeLimitSeconds": "fast"}""", "'timeLimitSeconds' is \"fast\"; expected a number")]
    [InlineData("""{"maxProcesses": 0}""", "'maxProcesses' is 0; expected an integer from 1")]
    [InlineData("""{"hideLogs": "yes"}""", "'hideLogs' is \"yes\"; expected true or false")]
    [InlineData("""{"runner": "podman"}""", "'runner' is \"podman\"")]
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
