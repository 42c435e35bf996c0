using System.IO.Compression;
using NasArena.UnseenData.Packages;
using NasArena.UnseenData.Tests.Support;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Packages;

[Trait("Category", "Unit")]
public sealed class PackageInspectorTests : IDisposable
{
    private static readonly PackageLimits Limits = new(1 << 20, 10 << 20, 100, 100);
    private readonly string _dir = TestPaths.NewTempDirectory("inspect");

    public void Dispose() => Directory.Delete(_dir, true);

    private string Zip(ZipBuilder zip) => zip.Save(Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".zip"));

    private static ZipBuilder Valid() => new ZipBuilder()
        .Add("data_processor.py", "class DataProcessor:\n    pass\n")
        .Add("nas.py", "import torch\n\nclass NAS(object):\n    pass\n")
        .Add("trainer.py", "class Trainer:\n    pass\n");

    private SubmissionRejectedException Rejected(ZipBuilder zip, PackageLimits? limits = null) =>
        Assert.Throws<SubmissionRejectedException>(() => PackageInspector.Inspect(Zip(zip), "package.zip", limits ?? Limits));

    [Fact]
    public void AcceptsAPackageWithTheThreeClassesInTheKitsFiles()
    {
        var info = PackageInspector.Inspect(Zip(Valid()), "package.zip", Limits);
        Assert.Equal("", info.RootPrefix);
        Assert.Equal(3, info.Files.Count);
    }

    [Fact]
    public void AcceptsAPackageZippedInsideOneFolderAndUsesThatFolderAsRoot()
    {
        var zip = new ZipBuilder().Add("my-team/solution.py", "class DataProcessor: pass\nclass NAS: pass\nclass Trainer: pass\n")
            .Add("my-team/lib/util.py", "X = 1\n").Add("__MACOSX/my-team/._solution.py", "junk");
        var info = PackageInspector.Inspect(Zip(zip), "package.zip", Limits);
        Assert.Equal("my-team/", info.RootPrefix);
    }

    [Fact]
    public void AcceptsClassesImportedAtTopLevelFromASubpackage()
    {
        var zip = new ZipBuilder().Add("entry.py", "from algo.core import (DataProcessor,\n    NAS)\nfrom algo.train import MyTrainer as Trainer\n")
            .Add("algo/core.py", "class DataProcessor: pass\nclass NAS: pass\n").Add("algo/train.py", "class MyTrainer: pass\n");
        PackageInspector.Inspect(Zip(zip), "package.zip", Limits);
    }

    [Fact]
    public void RejectsAPackageThatDefinesNoNasClass()
    {
        var zip = new ZipBuilder().Add("data_processor.py", "class DataProcessor: pass\n").Add("trainer.py", "class Trainer: pass\n    class NAS: pass\n");
        var e = Rejected(zip);
        Assert.Contains("no class NAS", e.Message);
        Assert.Contains("data_processor.py, trainer.py", e.Message);
    }

    [Fact]
    public void RejectsAFileThatIsNotAZip()
    {
        var path = Path.Combine(_dir, "x.zip");
        File.WriteAllText(path, "class NAS: pass");
        var e = Assert.Throws<SubmissionRejectedException>(() => PackageInspector.Inspect(path, "x.zip", Limits));
        Assert.Contains("not a readable zip", e.Message);
    }

    [Fact]
    public void RejectsAZipWhoseEntryDataIsDamaged()
    {
        var path = Zip(Valid());
        var bytes = File.ReadAllBytes(path);
        // Overwrite the compressed bytes of the first entry (after its 30-byte local header and name) with garbage.
        for (int i = 30 + "data_processor.py".Length; i < 30 + "data_processor.py".Length + 12; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SubmissionRejectedException>(() => PackageInspector.Inspect(path, "package.zip", Limits));
        Assert.Contains("damaged zip", e.Message);
    }

    [Fact]
    public void RejectsAPackageOverTheSizeLimit()
    {
        var e = Rejected(Valid().Add("weights.bin", RandomNumberGeneratorBytes(2 << 20)), Limits with { MaxUncompressedBytes = 100 << 20 });
        Assert.Contains("this track accepts at most 1,048,576 bytes", e.Message);
    }

    [Fact]
    public void RejectsAZipBomb()
    {
        // 64 MB of zeros deflate to about 64 KB: a ratio of about 1000 to 1.
        var e = Rejected(Valid().Add("zeros.bin", new byte[64 << 20]), Limits with { MaxUncompressedBytes = 1L << 40 });
        Assert.Contains("zip bomb", e.Message);
    }

    [Fact]
    public void RejectsAPackageThatUnpacksBeyondTheTotalLimit()
    {
        var e = Rejected(Valid().Add("a.bin", RandomNumberGeneratorBytes(600 << 10)).Add("b.bin", RandomNumberGeneratorBytes(600 << 10)),
            Limits with { MaxPackageBytes = 10 << 20, MaxUncompressedBytes = 1 << 20 });
        Assert.Contains("unpacks to more than 1,048,576 bytes", e.Message);
    }

    [Fact]
    public void RejectsAnEntryThatClimbsOutWithDotDot()
    {
        var e = Rejected(Valid().Add("../../x", "pwned"));
        Assert.Contains("'../../x' climbs out of the package", e.Message);
    }

    [Fact]
    public void RejectsAnAbsoluteEntry()
    {
        var e = Rejected(Valid().Add("/etc/cron.d/x", "pwned"));
        Assert.Contains("absolute path", e.Message);
    }

    [Fact]
    public void RejectsASymbolicLinkToRoot()
    {
        // Info-ZIP stores a link as an entry whose content is the target and whose unix mode is S_IFLNK.
        var e = Rejected(Valid().Add("root", "/", unixMode: 0xA1FF));
        Assert.Contains("'root' is a symbolic link", e.Message);
    }

    [Fact]
    public void RejectsTheHarnessesReservedFileNames()
    {
        var e = Rejected(Valid().Add("main.py", "print('mine')"));
        Assert.Contains("'main.py', a name the platform's harness uses", e.Message);
        Assert.Contains("score.py", e.Message);
    }

    [Fact]
    public void SafeExtractionWritesOnlyInsideTheTargetFolder()
    {
        var zip = Zip(Valid().Add("lib/deep/util.py", "X = 1\n"));
        var target = Path.Combine(_dir, "out");
        SafeExtractor.Extract(zip, "package.zip", "", target, 1 << 20);
        Assert.True(File.Exists(Path.Combine(target, "lib", "deep", "util.py")));
        Assert.Equal(4, Directory.GetFiles(target, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void SafeExtractionCountsTheBytesActuallyWritten()
    {
        var zip = Zip(Valid().Add("big.bin", new byte[3 << 20]));
        var e = Assert.Throws<SubmissionRejectedException>(() => SafeExtractor.Extract(zip, "package.zip", "", Path.Combine(_dir, "out2"), 2 << 20));
        Assert.Contains("unpacks to more than", e.Message);
    }

    private static byte[] RandomNumberGeneratorBytes(int n) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(n);
}
