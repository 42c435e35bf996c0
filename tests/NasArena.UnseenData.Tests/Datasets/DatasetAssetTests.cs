using System.Text;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Tests.Support;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Datasets;

[Trait("Category", "Unit")]
public sealed class DatasetAssetTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("dsasset");

    public void Dispose() => Directory.Delete(_dir, true);

    private AssetRejectedException Rejected(Action<ZipBuilder, Dictionary<string, byte[]>> tamper)
    {
        var zip = SyntheticDataset.Create(_dir, tamper: tamper);
        return Assert.Throws<AssetRejectedException>(() => DatasetAsset.Validate(zip, "tiny.zip"));
    }

    [Fact]
    public void AcceptsAWellFormedDataSetAndReadsItsMetadata()
    {
        var meta = DatasetAsset.Validate(SyntheticDataset.Create(_dir, codename: "Tiny-1", classes: 3), "tiny.zip");
        Assert.Equal((3, "Tiny-1", 50.0), (meta.NumClasses, meta.Codename, meta.Benchmark));
        Assert.Equal([1L, 4, 4], meta.InputShape);
    }

    [Fact]
    public void RejectsADataSetWithoutTestLabels()
    {
        var e = Rejected((_, f) => f.Remove("test_y.npy"));
        Assert.Contains("has no test_y.npy", e.Message);
    }

    [Fact]
    public void RejectsArraysOfMismatchedLengths()
    {
        var e = Rejected((_, f) => f["valid_y.npy"] = Npy.Int64([0, 1, 0]));
        Assert.Contains("valid_x.npy has 20 items but valid_y.npy has 3 labels", e.Message);
    }

    [Fact]
    public void RejectsLabelsOutsideTheClasses()
    {
        var e = Rejected((_, f) => f["train_y.npy"] = Npy.Int64(Enumerable.Range(0, 40).Select(i => i == 5 ? 7L : 0L).ToArray()));
        Assert.Contains("train_y.npy[5] = 7 is outside the classes 0..1", e.Message);
    }

    [Fact]
    public void RejectsAnInputShapeThatDisagreesWithMetadata()
    {
        var e = Rejected((_, f) => f["test_x.npy"] = Npy.Float32(new float[20 * 9], 20, 1, 3, 3));
        Assert.Contains("test_x.npy has shape (20, 1, 3, 3) but metadata.json says input_shape [1, 4, 4]", e.Message);
    }

    [Theory]
    [InlineData("""{"num_classes": 2, "input_shape": [1,4,4], "codename": "tiny"}""", "has no 'benchmark'")]
    [InlineData("""{"num_classes": 2, "input_shape": [1,4,4], "codename": "tiny", "benchmark": 100}""", "'benchmark' is 100")]
    [InlineData("""{"num_classes": 1, "input_shape": [1,4,4], "codename": "tiny", "benchmark": 5}""", "'num_classes' is 1")]
    [InlineData("""{"num_classes": 2, "input_shape": [1,4,4], "codename": "../x", "benchmark": 5}""", "'codename' is \"../x\"")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    public void RejectsBadMetadataNamingTheKey(string metadata, string expected)
    {
        var e = Rejected((_, f) => f["metadata.json"] = Encoding.UTF8.GetBytes(metadata));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void StagingKeepsTestLabelsOutOfThePublicFolderAndReusesTheCache()
    {
        var asset = SyntheticDataset.AsAsset(SyntheticDataset.Create(_dir));
        var stager = new DatasetStager(Path.Combine(_dir, "cache"));
        var staged = stager.Stage(asset);
        Assert.Equal(
            ["metadata.json", "test_x.npy", "train_x.npy", "train_y.npy", "valid_x.npy", "valid_y.npy"],
            Directory.GetFiles(staged.PublicDirectory).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.False(staged.TestLabelsPath.StartsWith(staged.PublicDirectory, StringComparison.Ordinal));
        Assert.Equal(20, NpyArray.ReadIntegers(staged.TestLabelsPath).Length);

        var stamp = File.GetLastWriteTimeUtc(Path.Combine(staged.PublicDirectory, "train_x.npy"));
        var again = stager.Stage(asset);
        Assert.Equal(staged.PublicDirectory, again.PublicDirectory);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(again.PublicDirectory, "train_x.npy")));
    }
}
