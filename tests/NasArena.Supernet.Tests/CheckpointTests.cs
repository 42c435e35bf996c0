using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Spaces;
using NasArena.Supernet.Tests.Infrastructure;
using TorchSharp;

namespace NasArena.Supernet.Tests;

[Collection(DemoCollection.Name)]
[Trait("Category", "Integration")] // the demo fixture: a supernet trained by PyTorch in python3 (minutes; ADR 0053)
public class CheckpointTests(DemoFixture demo)
{
    const long Limit = 64L << 20;
    static readonly SearchSpace Space = SearchSpaces.Demo;

    [Fact]
    public void SafetensorsAndPtOfTheSameSupernetLoadTheSameTensors()
    {
        using var st = CheckpointLoader.Load(demo.File("supernet.safetensors"), Space, Limit);
        using var pt = CheckpointLoader.Load(demo.File("supernet.pt"), Space, Limit);
        Assert.Equal(Space.LargestNetworkTensors().Count, st.Tensors.Count);
        Assert.Equal(st.Tensors.Keys.Order(), pt.Tensors.Keys.Order());
        foreach (var (key, t) in st.Tensors)
        {
            Assert.Equal(t.shape, pt[key].shape);
            Assert.True(t.eq(pt[key]).all().item<bool>(), $"tensor {key} differs between the formats");
        }
        Assert.Equal(torch.ScalarType.Int64, pt["stem.bn.num_batches_tracked"].dtype);
    }

    [Fact]
    public void AMissingKeyIsNamed() =>
        Rejected("missing-key.safetensors", "missing key 'blocks.0.bn1.bias'");

    [Fact]
    public void AnExtraKeyIsNamed() =>
        Rejected("extra-key.safetensors", "unexpected key 'blocks.0.conv3.weight'");

    [Fact]
    public void AMisspeltKeyGetsADidYouMean() =>
        Rejected("misspelt-key.pt", "unexpected key 'blocks.1.conv_1.weight' (did you mean 'blocks.1.conv1.weight'?)");

    [Fact]
    public void ATensorLargerThanTheLargestNetworkIsNamed() =>
        Rejected("shape-larger.pt", "'stem.conv.weight' has shape [12, 1, 3, 3]; the largest network of demo needs [8, 1, 3, 3] (too large)");

    [Fact]
    public void ATensorSmallerThanTheLargestNetworkIsNamed() =>
        Rejected("shape-smaller.pt", "'fc.weight' has shape [10, 16]; the largest network of demo needs [10, 32] (too small)");

    [Fact]
    public void AWrongDtypeIsNamed() =>
        Rejected("wrong-dtype.pt", "'fc.bias' has dtype F64; expected F32");

    [Fact]
    public void NaNWeightsAreRejectedNamingTheTensor() =>
        Rejected("nan.pt", "Tensor 'blocks.2.conv2.weight' holds NaN or infinite values", load: true);

    [Fact]
    public void InfiniteWeightsInSafetensorsAreRejectedNamingTheTensor() =>
        Rejected("inf.safetensors", "Tensor 'blocks.1.bn2.weight' holds NaN or infinite values", load: true);

    [Fact]
    public void ATruncatedPtFileIsRejected() => Rejected("truncated-supernet.pt", "truncated or damaged");

    [Fact]
    public void ATruncatedSafetensorsFileIsRejected() => Rejected("truncated-supernet.safetensors", "the file is truncated");

    [Fact]
    public void AZipThatIsNotACheckpointIsRejected() => Rejected("not-a-checkpoint.zip", "it has no data.pkl");

    [Fact]
    public void APickleCarryingCodeIsRejectedWithoutRunningIt()
    {
        File.Delete("/tmp/nasarena-pwned");
        Rejected("code.pt", "references 'posix.system'", load: true);
        Assert.False(File.Exists("/tmp/nasarena-pwned"), "the pickle's code ran");
    }

    [Fact]
    public void AWholePickledModelIsRejected() => Rejected("whole-model.pt", "references 'supernet.SuperNet'");

    [Fact]
    public void ATorchScriptArchiveIsRejected() => Rejected("torchscript.pt", "TorchScript archive");

    [Fact]
    public void PyTorchsLegacyFormatIsRejected() => Rejected("legacy.pt", "legacy (non-zip) format");

    [Fact]
    public void AFileOverTheSizeLimitIsRejected()
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointLoader.Check(demo.File("supernet.pt"), Space, maxBytes: 50_000));
        Assert.Contains("this track accepts at most 50000 bytes", e.Message);
    }

    [Fact]
    public void AZipThatUnpacksBeyondTheSizeLimitIsRejected()
    {
        // A small upload whose compressed storage unpacks to 16 MiB: the loader would allocate that much.
        var path = demo.File("bomb.pt");
        using (var source = System.IO.Compression.ZipFile.OpenRead(demo.File("supernet.pt")))
        using (var target = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var e in source.Entries)
            {
                using var from = e.Open();
                using var to = target.CreateEntry(e.FullName, System.IO.Compression.CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
            using var padding = target.CreateEntry("supernet/data/999", System.IO.Compression.CompressionLevel.Optimal).Open();
            padding.Write(new byte[16 << 20]);
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);
        var e2 = Assert.Throws<CheckpointException>(() => CheckpointLoader.Check(path, Space, maxBytes: 1 << 20));
        Assert.Contains("unpacks to", e2.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherSpaceIsRejected()
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointLoader.Check(demo.File("supernet.pt"), SearchSpaces.Cvpr21ResNet20, Limit));
        Assert.Contains("does not fit the cvpr21-resnet20 space's largest network", e.Message);
    }

    void Rejected(string file, string expected, bool load = false)
    {
        var path = demo.File(file);
        var e = Assert.Throws<CheckpointException>(() =>
        {
            if (load) CheckpointLoader.Load(path, Space, Limit).Dispose();
            else CheckpointLoader.Check(path, Space, Limit);
        });
        Assert.Contains(expected, e.Message);
    }
}
