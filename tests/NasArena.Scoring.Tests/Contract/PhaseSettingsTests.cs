using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Scoring.Tests.Contract;

[Trait("Category", "Unit")]
public sealed class PhaseSettingsTests
{
    private const string Track = """{"timeLimitSeconds": 600, "timeBudget": "shared", "phases": {"final": {"timeBudget": "perDataset", "timeLimitSeconds": 1800}}}""";

    [Fact]
    public void APhasesOwnSettingsReplaceTheTracksAndThePhasesKeyIsGone()
    {
        var merged = JsonDocument.Parse(PhaseSettings.Merge(Track, "final")).RootElement;
        Assert.Equal("perDataset", merged.GetProperty("timeBudget").GetString());
        Assert.Equal(1800, merged.GetProperty("timeLimitSeconds").GetInt32());
        Assert.False(merged.TryGetProperty("phases", out _));
    }

    [Fact]
    public void APhaseWithoutSettingsOfItsOwnGetsTheTracks()
    {
        var merged = JsonDocument.Parse(PhaseSettings.Merge(Track, "dev")).RootElement;
        Assert.Equal("shared", merged.GetProperty("timeBudget").GetString());
        Assert.Equal(600, merged.GetProperty("timeLimitSeconds").GetInt32());
        Assert.False(merged.TryGetProperty("phases", out _));
    }

    [Fact]
    public void SettingsWithoutPhasesAreLeftAsTheyAre()
    {
        Assert.Equal("""{"a": 1}""", PhaseSettings.Merge("""{"a": 1}""", "final"));
    }

    [Theory]
    [InlineData("""{"phases": 3}""", "Track setting 'phases' must be an object of phase slugs to settings, got Number.")]
    [InlineData("""{"phases": {"final": "shared"}}""", "Track setting 'phases.final' must be an object of settings for phase 'final', got String.")]
    public void AMisshapenPhasesSettingIsNamed(string json, string problem)
    {
        Assert.Equal(problem, PhaseSettings.Problem(JsonDocument.Parse(json).RootElement));
    }
}
