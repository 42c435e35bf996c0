using System.Diagnostics;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.UnseenData.Tests.Datasets;

/// <summary>The .npy reader against files written by numpy itself.</summary>
[Trait("Category", "Unit")]
public sealed class NpyArrayTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("npy");

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("int64")]
    [InlineData("int32")]
    [InlineData("uint8")]
    [InlineData(">i2")]
    [InlineData("int8")]
    public void ReadsIntegerVectorsWrittenByNumpy(string dtype)
    {
        TestPaths.Require(NasArena.Testing.Python.Interpreter, "apt-get install python3-numpy");
        var path = Path.Combine(_dir, "v.npy");
        Python($"import numpy as np; np.save('{path}', (np.arange(300) % 97 - (0 if '{dtype}'.startswith('u') else 20)).astype('{dtype}'))");
        var expected = Enumerable.Range(0, 300).Select(i => (long)(i % 97 - (dtype.StartsWith('u') ? 0 : 20))).ToArray();
        Assert.Equal(expected, NpyArray.ReadIntegers(path));
    }

    [Fact]
    public void ReadsTheShapeOfAFourDimensionalFloatArray()
    {
        var path = Path.Combine(_dir, "x.npy");
        Python($"import numpy as np; np.save('{path}', np.zeros((5, 3, 28, 28), dtype=np.float32))");
        var h = NpyHeader.ReadFile(path);
        Assert.Equal([5L, 3, 28, 28], h.Shape);
        Assert.Equal('f', h.Kind);
        Assert.Equal(4, h.ItemSize);
    }

    [Fact]
    public void RefusesAFloatVectorAsIntegers()
    {
        var path = Path.Combine(_dir, "f.npy");
        Python($"import numpy as np; np.save('{path}', np.zeros(4))");
        var e = Assert.Throws<InvalidDataException>(() => NpyArray.ReadIntegers(path));
        Assert.Contains("dtype '<f8'; expected integers", e.Message);
    }

    private static void Python(string code)
    {
        var psi = new ProcessStartInfo(NasArena.Testing.Python.Interpreter) { RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(code);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
