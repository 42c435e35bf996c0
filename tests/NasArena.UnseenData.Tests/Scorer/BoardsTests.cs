using System.Text.Json;
using NasArena.UnseenData.Scorer;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Scoring;

/// <summary>Public and private leaderboards of an unseen-data phase: data sets on one board, and a seeded split of test items.</summary>
[Trait("Category", "Unit")]
public sealed class BoardsTests
{
    private static UnseenDataSettings Settings(string json) => UnseenDataSettings.Parse(JsonDocument.Parse(json).RootElement);

    private static DatasetResult Result(string codename, double acc, double privateAcc) =>
        new(codename + ".zip", codename, FailureKind.None, null, "done", acc, DatasetResult.ScoreOf(acc, 50), privateAcc,
            DatasetResult.ScoreOf(privateAcc, 50), TimeSpan.FromSeconds(1), "", []);

    [Fact]
    public void ADataSetAssignedToThePrivateBoardCountsThereOnlyAndItsAccuracyStaysOutOfTheDetails()
    {
        var s = Settings("""{"datasetBoards": {"hidden": "private", "open": "public"}}""");
        var r = UnseenDataDetails.ToScoreResult([Result("open", 100, 100), Result("hidden", 75, 75), Result("both", 50, 100)], "bubblewrap", "v", s);

        Assert.Equal(10 + 0, r.Public["score"]);    // open and both
        Assert.Equal(5 + 10, r.Private["score"]);   // hidden and both (its private part)
        Assert.False(r.Public.ContainsKey("hidden_accuracy"));
        Assert.False(r.Private.ContainsKey("open_accuracy"));
        var hidden = JsonDocument.Parse(r.DetailsJson!).RootElement.GetProperty("datasets")[1];
        Assert.Equal("private", hidden.GetProperty("board").GetString());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("accuracy").ValueKind);
    }

    [Fact]
    public void EachBoardGetsTheCorrectnessBitsOfItsOwnDataSetsAndTheDetailsNone()
    {
        var s = Settings("""{"datasetBoards": {"hidden": "private", "open": "public"}}""");
        var bits = new byte[] { 0b1011_0110, 0b0000_0101 };
        DatasetResult With(DatasetResult r, TestItems items) => r with { Items = items };
        var failed = new DatasetResult("both.zip", "both", FailureKind.Exception, "Exception in phase 'predict': E", "predict", 0, -10, 0, -10,
            TimeSpan.Zero, "", [], new TestItems(50, 6, null, 4, null));
        var r = UnseenDataDetails.ToScoreResult([
            With(Result("open", 100, 100), new TestItems(50, 12, bits, 12, bits)),
            With(Result("hidden", 75, 75), new TestItems(40, 11, [0b111], 11, [0b111])),
            failed,
        ], "bubblewrap", "v", s);

        Assert.Equal(["open", "both"], r.PublicDatasets!.Datasets.Select(d => d.Codename));
        Assert.Equal(["hidden", "both"], r.PrivateDatasets!.Datasets.Select(d => d.Codename));
        Assert.Equal(bits, r.PublicDatasets.Datasets[0].Correct);
        Assert.Equal(40, r.PrivateDatasets.Datasets[0].BenchmarkPercent);
        Assert.Equal((6, 4), (r.PublicDatasets.Datasets[1].Count, r.PrivateDatasets.Datasets[1].Count));
        Assert.True(r.PublicDatasets.Datasets[1].Failed);
        Assert.Equal(12 + 6, r.PublicDatasets.Count);
        Assert.DoesNotContain(Convert.ToBase64String(bits), r.DetailsJson);
        Assert.DoesNotContain("Correct", r.DetailsJson);
    }

    [Fact]
    public void AResultWithoutItemsLeavesItsBoardWithoutABootstrapRatherThanOneOverOtherItems()
    {
        var r = UnseenDataDetails.ToScoreResult([Result("a", 100, 100) with { Items = new TestItems(50, 1, [1], 1, [1]) }, Result("b", 50, 50)], "b", "v");
        Assert.Null(r.PublicDatasets);
        Assert.Null(r.PrivateDatasets);
    }

    [Fact]
    public void ABoardSettingNamingNoDataSetOfThePhaseIsTheOrganizersMistakeAndNamed()
    {
        var s = Settings("""{"datasetBoards": {"Fashoin": "private"}}""");
        var e = Assert.Throws<ScoringConfigurationException>(() => UnseenDataDetails.ToScoreResult([Result("Fashion", 60, 60)], "b", "v", s));
        Assert.Equal("Track setting 'datasetBoards' names 'Fashoin', which no data set of the phase has (codenames: Fashion).", e.Message);
    }

    [Fact]
    public void TheSeededSplitPutsTheAskedShareOfItemsOnThePrivateBoardTheSameWayEveryTime()
    {
        var mask = Boards.SplitMask("organizer-seed", "Fashion", 1000, 0.3);
        Assert.Equal(300, mask.Count(m => m == 1));
        Assert.Equal(mask, Boards.SplitMask("organizer-seed", "Fashion", 1000, 0.3));
        Assert.NotEqual(mask, Boards.SplitMask("another-seed", "Fashion", 1000, 0.3));
        Assert.NotEqual(mask, Boards.SplitMask("organizer-seed", "FashionGroups", 1000, 0.3));
        Assert.InRange(mask.Take(500).Count(m => m == 1), 100, 200); // spread over the items, not the first 300
    }

    [Theory]
    [InlineData("""{"datasetBoards": {"a": "secret"}}""", "'datasetBoards.a' is \"secret\"; expected \"public\", \"private\" or \"both\".")]
    [InlineData("""{"datasetBoards": ["a"]}""", "'datasetBoards' is [\"a\"]; expected an object of data set codenames")]
    [InlineData("""{"privateTestFraction": 1}""", "'privateTestFraction' is 1; expected a number of at least 0 and below 1.")]
    public void ABadBoardSettingIsNamed(string json, string expected)
    {
        var e = Assert.Throws<ScoringConfigurationException>(() => Settings(json));
        Assert.Contains(expected, e.Message);
    }
}
