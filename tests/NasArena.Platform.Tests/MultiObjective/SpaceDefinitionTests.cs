using NasArena.MultiObjective.Spaces;
using NasArena.Supernet.Spaces;

namespace NasArena.Platform.Tests.MultiObjective;

/// <summary>
/// The multi-objective scorer describes the ResNet spaces again without TorchSharp (ADR 0048); they must stay the
/// supernet track's spaces, position for position and block for block.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SpaceDefinitionTests
{
    [Fact]
    public void TheLightSpaceDefinitionsEqualTheSupernetTracksSpaces()
    {
        Assert.Equal(SearchSpaces.All.Select(s => s.Name).Order(), ResNetSpace.All.Select(s => s.Name).Order());
        foreach (var light in ResNetSpace.All)
        {
            var heavy = SearchSpaces.Get(light.Name);
            Assert.Equal(heavy.InputShape, [light.InChannels, light.Height, light.Width]);
            Assert.Equal(heavy.NumClasses, light.Classes);
            Assert.Equal(0, heavy.StemPosition);
            Assert.Equal(heavy.Choices.Select(c => c.ToArray()), light.Choices.Select(c => c.ToArray()));
            Assert.Equal(heavy.Blocks.Select(b => (b.InPosition, b.MidPosition, b.OutPosition, b.Stride)), light.Blocks);
        }
    }
}
