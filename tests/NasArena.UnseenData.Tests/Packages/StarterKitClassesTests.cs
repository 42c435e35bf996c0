using NasArena.UnseenData.Packages;

namespace NasArena.UnseenData.Tests.Packages;

[Trait("Category", "Unit")]
public sealed class StarterKitClassesTests
{
    [Fact]
    public void FindsClassesAssignmentsAndAliasedImportsButNotNestedDefinitions()
    {
        var source = """
            from .models import Net, Helper as NAS
            class DataProcessor(Base):
                class Trainer: pass
            Trainer2 = make()
            """.Replace("            ", "");
        var names = StarterKitClasses.TopLevelNames(source).ToHashSet();
        Assert.Contains("NAS", names);
        Assert.Contains("DataProcessor", names);
        Assert.Contains("Trainer2", names);
        Assert.DoesNotContain("Trainer", names);
        Assert.DoesNotContain("Helper", names);
    }
}
