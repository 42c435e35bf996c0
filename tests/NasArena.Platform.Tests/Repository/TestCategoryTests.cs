namespace NasArena.Platform.Tests.Repository;

/// <summary>
/// `scripts/test.sh --fast` runs Category=Unit and starts no server: a test class without a category would silently
/// fall out of every filtered run, and one wrongly marked Unit would fail there for want of PostgreSQL (ADR 0053).
/// </summary>
[Trait("Category", "Unit")]
public sealed class TestCategoryTests
{
    [Fact]
    public void EveryTestClassInEveryTestProjectDeclaresOneKnownCategory()
    {
        var assemblies = TestCategories.TestAssemblies();
        Assert.Contains(assemblies, a => a.EndsWith("NasArena.Platform.Tests.dll", StringComparison.Ordinal));
        Assert.Contains(assemblies, a => a.EndsWith("NasArena.Web.Tests.dll", StringComparison.Ordinal));
        var offences = assemblies.SelectMany(TestCategories.OffencesIn).ToList();
        Assert.True(offences.Count == 0, "test classes without exactly one known category:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void TheCheckNamesAClassWithoutACategoryAndOneWithAnUnknownOneButPassesAMarkedOne()
    {
        var offences = TestCategories.Offences([typeof(Unmarked), typeof(Misnamed), typeof(Marked), typeof(MarkedBaseOnly), typeof(NoTests)]);
        Assert.Equal(3, offences.Count);
        Assert.Contains(offences, o => o.Contains(nameof(Unmarked), StringComparison.Ordinal) && o.Contains("category none", StringComparison.Ordinal));
        Assert.Contains(offences, o => o.Contains(nameof(Misnamed), StringComparison.Ordinal) && o.Contains("category Slow", StringComparison.Ordinal));
        Assert.Contains(offences, o => o.Contains(nameof(MarkedBaseOnly), StringComparison.Ordinal));
    }

    // Samples for the check above: private, so xunit does not discover them as tests of their own.
#pragma warning disable xUnit1000, xUnit1026
    private sealed class Unmarked
    {
        [Fact]
        public void A() { }
    }

    [Trait("Category", "Slow")]
    private sealed class Misnamed
    {
        [Theory]
        [InlineData(1)]
        public void A(int _) { }
    }

    [Trait("Category", "Unit")]
    private sealed class Marked
    {
        [Fact]
        public void A() { }
    }

    [Trait("Category", "Unit")]
    private abstract class MarkedBase
    {
        [Fact]
        public void A() { }
    }

    private sealed class MarkedBaseOnly : MarkedBase;

    private sealed class NoTests;
#pragma warning restore xUnit1000, xUnit1026
}
