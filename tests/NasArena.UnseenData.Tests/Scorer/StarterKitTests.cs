using System.Diagnostics;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.UnseenData.Tests.Scoring;

/// <summary>The starter kit against the platform: same harness file, and the sample package scoring on real Fashion-MNIST.</summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed class StarterKitTests : IDisposable
{
    private readonly SandboxHarness _h = new();
    private static string Kit => Path.Combine(Repo.Root, "starter-kits", "unseen-data");

    public void Dispose() => _h.Dispose();

    [Fact]
    public void TheKitShipsTheHarnessThePlatformRuns()
    {
        var shipped = File.ReadAllBytes(Path.Combine(Kit, "harness", "main.py"));
        Assert.True(HarnessFiles.MainPy().AsSpan().SequenceEqual(shipped),
            "starter-kits/unseen-data/harness/main.py differs from src/NasArena.UnseenData/Harness/main.py: copy it over");
    }

    [Fact]
    public async Task TheSamplePackageLearnsASmallFashionMnistSubsetInTheSandbox()
    {
        TestPaths.Require("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "apt-get install dataset-fashion-mnist");
        var psi = new ProcessStartInfo(Python.Interpreter) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(Repo.Root, "scripts", "make-unseen-datasets.py"), "--out", _h.Directory,
                     "--train", "600", "--valid", "200", "--test", "200" })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await err);
        }
        var package = new ZipBuilder().AddDirectory(Path.Combine(Kit, "sample"), "sample/").Save(Path.Combine(_h.Directory, "sample.zip"));
        const string settings = """{"timeLimitSeconds": 90, "predictionGraceSeconds": 20, "memoryLimitBytes": 4294967296, "cpuThreads": 2}""";
        var (results, _) = await _h.Scorer.RunAsync(_h.Request(package, settings, Path.Combine(_h.Directory, "fashion.zip")), CancellationToken.None);

        var r = Assert.Single(results);
        Assert.True(r.Ok, r.Reason + "\n" + r.LogTail + "\n" + string.Join("; ", r.Notes));
        Assert.Equal("Fashion", r.Codename);
        // 600 training images and seconds of CPU: far above chance (10 %), below what 6000 images give (about 86 %).
        // The budget is generous because the machine may be busy; the sample stops after 10 epochs anyway.
        Assert.True(r.Accuracy is >= 50 and <= 95, $"accuracy {r.Accuracy} %\n{r.LogTail}");
        Assert.Contains("[nas] width=16 blocks=2", r.LogTail);
        Assert.Contains("steps planned", r.LogTail);
    }
}
