using System.Text.Json;
using NasArena.Supernet.Spaces;
using NasArena.Supernet.Tests.Infrastructure;

namespace NasArena.Supernet.Tests;

[Trait("Category", "Unit")]
public class SearchSpaceTests
{
    [Fact]
    public void EveryArchitectureOfTheRealCvpr21GroundTruthParses()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Repo.PathTo("data", "cvpr21", "cvpr21-track1", "gt_first_1000.json")));
        int n = 0;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            var arch = SearchSpaces.Cvpr21ResNet20.Parse(p.Value.GetProperty("arch").GetString()!);
            Assert.Equal(20, arch.Widths.Count);
            n++;
        }
        Assert.Equal(1000, n);
    }

    [Theory]
    [InlineData("16-4-12-16-8-16-16-24-12-8-16-4-32-52-52-52-20-40-8-44-4", "has 21 numbers")]
    [InlineData("16-4-10-16-8-16-16-24-12-8-16-4-32-52-52-52-20-40-8-44", "position 3 is 10, not one of the allowed {4, 8, 12, 16}")]
    [InlineData("16-4-12-16-8-16-16-36-12-8-16-4-32-52-52-52-20-40-8-44", "position 8 is 36, not one of the allowed {4, 8, 12, 16, 20, 24, 28, 32}")]
    [InlineData("16-4-12-16-8-16-16-24-12-8-16-4-32-52-52-52-20-40-8-x", "position 20 is 'x', not a channel count")]
    public void ABadArchitectureStringNamesThePositionTheValueAndTheAllowedSet(string text, string expected)
    {
        var e = Assert.Throws<ArchitectureException>(() => SearchSpaces.Cvpr21ResNet20.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheCvpr21SpaceIgnoresOnlyItsTwentiethNumber() =>
        Assert.Equal([19], SearchSpaces.Cvpr21ResNet20.UnusedPositions);

    [Theory]
    [InlineData("cvpr21-resnet20")]
    [InlineData("demo")]
    public void TheLargestNetworkHasTheKeysAndShapesOfTheStarterKitsPyTorchStateDict(string space)
    {
        var json = Python.RunCode(
            "import sys, json; sys.path.insert(0, sys.argv[1]); from supernet import SuperNet\n" +
            "print(json.dumps({k: list(v.shape) for k, v in SuperNet(sys.argv[2]).state_dict().items()}))",
            Repo.PathTo("starter-kits", "supernet"), space);
        var python = JsonSerializer.Deserialize<Dictionary<string, long[]>>(json)!;
        var ours = SearchSpaces.Get(space).LargestNetworkTensors();
        Assert.Equal(python.Keys.ToList(), ours.Select(t => t.Key).ToList());
        foreach (var t in ours) Assert.Equal(python[t.Key], t.Shape);
        if (space == "cvpr21-resnet20")
        {
            Assert.Equal([16, 3, 3, 3], ours.Single(t => t.Key == "stem.conv.weight").Shape);
            Assert.Equal([100, 64], ours.Single(t => t.Key == "fc.weight").Shape);
        }
    }
}
