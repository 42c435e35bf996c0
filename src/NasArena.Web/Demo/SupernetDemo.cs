using System.Text.Json;
using NasArena.Platform.Competitions;
using NasArena.Supernet.Kind;

namespace NasArena.Web.Demo;

/// <summary>
/// The demo's supernet track: the "demo" search space on Fashion-MNIST. The benchmark (stand-alone accuracies) and the
/// baseline supernet are committed (data/supernet-demo/README.md says how they were made, with the starter kit); the
/// evaluation and calibration images are cut from Debian's Fashion-MNIST at seed time, as scripts/supernet-demo does.
/// </summary>
public static class SupernetDemo
{
    public const string Track = "supernet";

    public static async Task SeedAsync(DemoServices demo, CancellationToken ct)
    {
        // The settings the bench's README measured the baseline with (4 calibration batches of 256); 16 architectures
        // in shards of 8, so the demo shows a sharded evaluation.
        var settings = JsonSerializer.SerializeToElement(new { space = "demo", bnCalibrationBatches = 4, batchSize = 256, shardSize = 8 });
        await demo.TrackAsync(new TrackInput(Track, "Supernet consistency", SupernetKind.Descriptor.Kind, settings, SupernetKind.Descriptor.Files.DefaultMaxBytes), ct);
        var phase = await demo.PhaseAsync(Track, "replay", "Replay", "kendall_tau", 5, ct);
        await demo.UploadAsync(phase, "benchmark", "benchmark", "benchmark.json", "application/json", false,
            () => DemoServices.Resource("demo/supernet/benchmark.json"), ct);
        await demo.UploadAsync(phase, "eval-data", "eval-data", "eval-data.zip", "application/zip", false,
            () => FashionMnist.AssetZip(demo.FashionMnistFolder, "train", 50000, 2000), ct);
        await demo.UploadAsync(phase, "calibration-data", "calibration-data", "calibration-data.zip", "application/zip", false,
            () => FashionMnist.AssetZip(demo.FashionMnistFolder, "train", 52000, 2048), ct);
        await demo.BaselineAsync(phase, "baseline-supernet.safetensors", "application/octet-stream",
            () => DemoServices.Resource("demo/supernet/baseline-supernet.safetensors"),
            "Organizers' baseline: the starter kit's supernet, uniform sampling, trained briefly (data/supernet-demo/README.md).", ct);
    }
}
