using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Tracks;

/// <summary>The track catalogue is the one place a kind is wired (ADR 0013): every kind has an entry whose module loads and scores it.</summary>
[Trait("Category", "Unit")]
public sealed class TrackCatalogTests
{
    [Fact]
    public void EveryTrackKindHasExactlyOneEntry()
    {
        Assert.Equal(Enum.GetValues<TrackKind>().Order(), TrackCatalog.All.Select(e => e.Kind).Order());
    }

    [Theory]
    [InlineData(TrackKind.Predictor, "NasArena.Prediction", "cpu")]
    [InlineData(TrackKind.Supernet, "NasArena.Supernet", "gpu")]
    [InlineData(TrackKind.UnseenData, "NasArena.UnseenData", "gpu")]
    public void EachEntrysModuleLoadsAndMakesTheScorerOfItsKind(TrackKind kind, string assembly, string queue)
    {
        var entry = TrackCatalog.Get(kind);
        Assert.Equal(assembly, entry.Assembly);
        Assert.Equal(queue, entry.Queue);
        var module = TrackCatalog.Load(kind);
        Assert.Equal(kind, module.Kind);
        var dir = Directory.CreateTempSubdirectory("nasarena-catalog").FullName;
        try
        {
            var scorer = module.CreateScorer(new ScorerEnvironment(Path.Combine(dir, "cache"), Path.Combine(dir, "runs")));
            Assert.Equal(kind, scorer.Kind);
            Assert.Equal(assembly, scorer.GetType().Assembly.GetName().Name);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void EveryKindsPrimaryMetricCandidatesHaveADirection()
    {
        foreach (var entry in TrackCatalog.All)
        {
            Assert.NotEmpty(entry.Metrics);
        }
        Assert.True(TrackCatalog.Get(TrackKind.Predictor).Metrics["kendall_tau"]);
    }
}
