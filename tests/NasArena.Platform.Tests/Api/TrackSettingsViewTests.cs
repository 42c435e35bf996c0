using System.Text.Json;
using NasArena.Web.Api;

namespace NasArena.Platform.Tests.Api;

[Trait("Category", "Unit")]
public sealed class TrackSettingsViewTests
{
    [Fact]
    public void ParticipantsDoNotSeeTheSeedOfThePrivateSplitInTheTrackOrAnyPhase()
    {
        const string settings = """{"privateTestFraction": 0.5, "privateSplitSeed": "s", "phases": {"final": {"privateSplitSeed": "t", "timeBudget": "shared"}}}""";
        var shown = JsonDocument.Parse(TrackView.WithoutOrganizerOnly(settings)).RootElement;
        Assert.False(shown.TryGetProperty("privateSplitSeed", out _));
        Assert.False(shown.GetProperty("phases").GetProperty("final").TryGetProperty("privateSplitSeed", out _));
        Assert.Equal(0.5, shown.GetProperty("privateTestFraction").GetDouble());
        Assert.Equal("shared", shown.GetProperty("phases").GetProperty("final").GetProperty("timeBudget").GetString());
    }
}
