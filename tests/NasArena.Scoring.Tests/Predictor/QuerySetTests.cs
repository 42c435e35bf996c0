using System.Text;
using NasArena.Scoring.Contract;
using NasArena.Prediction;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.Predictor;

[Trait("Category", "Unit")]
public sealed class QuerySetTests : IDisposable
{
    readonly TempFiles _files = new();
    public void Dispose() => _files.Dispose();

    AssetRejectedException Rejected(string content) =>
        Assert.Throws<AssetRejectedException>(() => QuerySet.Load(_files.Write("q.json", content)));

    [Fact]
    public void RealTrack2TrainingSetWithSplitsLoadsInFileOrder()
    {
        var relative = Cvpr21Data.AccuracyFiles[0];
        var querySet = QuerySet.Load(_files.Write("q.json", QuerySets.FromCvpr21(relative)));
        var acc = Cvpr21Data.Accuracies(relative);
        Assert.Equal(acc, querySet.Accuracies);
        Assert.Equal("arch1", querySet.Ids[0]);
        Assert.Equal(acc.Length / 4, querySet.IsPrivate.Count(p => p));
        Assert.True(querySet.TryGetIndex("arch200", out int last));
        Assert.Equal(199, last);
    }

    [Fact]
    public void DuplicateIdsAreRejectedWithBothLines()
    {
        var e = Rejected("{\n\"a\": {\"acc\": 0.5, \"split\": \"public\"},\n\"b\": {\"acc\": 0.6, \"split\": \"private\"},\n\"a\": {\"acc\": 0.7, \"split\": \"public\"}\n}");
        Assert.Contains("duplicate ids: \"a\" (line 2 and line 4)", e.Message);
    }

    [Fact]
    public void MissingOrNonNumericAccuraciesAreRejectedById()
    {
        var e = Rejected("""
            {"a": {"split": "public"}, "b": {"acc": "0.9", "split": "private"}, "c": {"acc": null, "split": "public"},
             "d": {"acc": 1e999, "split": "public"}, "e": {"acc": 0.5, "split": "private"}}
            """);
        Assert.Contains("\"a\" (line 1): no \"acc\" field", e.Message);
        Assert.Contains("\"b\" (line 1): the string \"0.9\" is not a number", e.Message);
        Assert.Contains("\"c\" (line 1): null is not a number", e.Message);
        Assert.Contains("\"d\" (line 2): 1e999 is not a finite number", e.Message);
        Assert.DoesNotContain("\"e\"", e.Message);
    }

    [Fact]
    public void NaNLiteralIsRejectedNamingTheArchitecture()
    {
        var e = Rejected("{\"a\": {\"acc\": 0.5, \"split\": \"public\"},\n \"b\": {\"acc\": NaN, \"split\": \"private\"}}");
        Assert.Contains("NaN at line 2 (architecture \"b\")", e.Message);
    }

    [Fact]
    public void UnknownOrMissingSplitsAreRejected()
    {
        // One line, as Python's json.dump writes it: locations are byte offsets.
        var e = Rejected("""{"a": {"acc": 0.5, "split": "test"}, "b": {"acc": 0.5}, "c": {"acc": 0.5, "split": 1}, "d": {"acc": 0.5, "split": "public"}}""");
        Assert.Contains("\"a\" (byte 2): unknown split \"test\"", e.Message);
        Assert.Contains("\"b\" (byte 38): no \"split\" field", e.Message);
        Assert.Contains("\"c\" (byte 57): the split is", e.Message);
    }

    [Theory]
    [InlineData("public", "no architecture is in the \"private\" split")]
    [InlineData("private", "no architecture is in the \"public\" split")]
    public void AnEmptySplitIsRejected(string onlySplit, string expected)
    {
        var e = Rejected($$"""{"a": {"acc": 0.5, "split": "{{onlySplit}}"}, "b": {"acc": 0.6, "split": "{{onlySplit}}"} }""");
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ASplitWithOneArchitectureOrOneAccuracyIsRejected()
    {
        var e = Rejected("""
            {"a": {"acc": 0.5, "split": "public"}, "b": {"acc": 0.5, "split": "public"},
             "c": {"acc": 0.7, "split": "private"}}
            """);
        Assert.Contains("all architectures of the \"public\" split have the same accuracy (0.5)", e.Message);
        Assert.Contains("the \"private\" split holds a single architecture", e.Message);
    }

    [Fact]
    public void AnEmptySetIsRejected() => Assert.Contains("holds no architectures", Rejected("{ }").Message);

    [Fact]
    public void MalformedJsonIsRejectedWithLineAndPosition()
    {
        var e = Rejected("{\n\"a\": {\"acc\": 0.5, \"split\": \"public\"},\n\"b\": {\"acc\": 0.5 \"split\": \"private\"}\n}");
        Assert.Contains("Invalid JSON at line 3, byte", e.Message);
        Assert.Contains("architecture \"b\"", e.Message);
    }

    [Fact]
    public void TruncatedJsonIsRejected() =>
        Assert.Contains("Invalid JSON at line", Rejected("{\"a\": {\"acc\": 0.5, \"split\": \"public\"}, \"b\": {\"acc\"").Message);

    [Fact]
    public void ATopLevelArrayIsRejected() =>
        Assert.Contains("must be a JSON object", Rejected("[{\"acc\": 0.5}]").Message);

    [Fact]
    public void Utf16IsRejectedWithAnInstruction()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"a\": {\"acc\": 0.5}}")).ToArray();
        var e = Assert.Throws<AssetRejectedException>(() => QuerySet.Load(_files.Write("q.json", bytes)));
        Assert.Contains("UTF-16", e.Message);
        Assert.Contains("save it as UTF-8", e.Message);
    }
}
