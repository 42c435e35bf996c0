using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using NasArena.Platform.Competitions;
using NasArena.UnseenData.Kind;

namespace NasArena.Web.Demo;

/// <summary>
/// The demo's unseen-data track: two small data sets made from Debian's Fashion-MNIST at seed time by the sandbox's
/// generator (scripts/make-unseen-datasets.py, embedded; about a second at these sizes), and the organizer's baseline
/// package (starter-kits/unseen-data/baseline) as baseline submission. Small data and short limits keep the demo quick.
/// </summary>
public static class UnseenDataDemo
{
    public const string Track = "unseen-data";
    public const string Python = "/usr/bin/python3";

    public static async Task SeedAsync(DemoServices demo, CancellationToken ct)
    {
        var settings = JsonSerializer.SerializeToElement(new
        {
            timeLimitSeconds = 60,
            predictionGraceSeconds = 15,
            cpuThreads = 1,
            memoryLimitBytes = 4L * 1024 * 1024 * 1024
        });
        await demo.TrackAsync(new TrackInput(Track, UnseenDataKind.Descriptor.DisplayName, UnseenDataKind.Descriptor.Kind, settings, UnseenDataKind.Descriptor.Files.DefaultMaxBytes), ct);
        var phase = await demo.PhaseAsync(Track, "replay", "Replay", "score", 5, ct);
        var missing = new List<string>();
        foreach (var file in DatasetFiles)
        {
            if (!await demo.HasAssetAsync(phase, "dataset", Path.GetFileNameWithoutExtension(file), ct))
            {
                missing.Add(file);
            }
        }
        if (missing.Count > 0)
        {
            // The generator makes both data sets in one run; only the missing ones are uploaded.
            var folder = Directory.CreateTempSubdirectory("nasarena-demo-unseen").FullName;
            try
            {
                await MakeDatasetsAsync(folder, demo.FashionMnistFolder, ct);
                foreach (var file in missing)
                {
                    var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, file), ct);
                    await demo.UploadAsync(phase, "dataset", Path.GetFileNameWithoutExtension(file), file, "application/zip", false, () => bytes, ct);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        await demo.BaselineAsync(phase, "baseline.zip", "application/zip", BaselinePackage,
            "Organizers' baseline package: softmax regression, 3 epochs of SGD (starter-kits/unseen-data/baseline).", ct);
    }

    private static readonly string[] DatasetFiles = ["fashion.zip", "fashion-groups.zip"];

    // The baseline package's accuracy (percent) on these exact data sets, measured with starter-kits/unseen-data/run_local.py
    // (deterministic: the harness seeds everything): the baseline scores 0, as a benchmark should.
    private const string BenchmarkFashion = "59.5";
    private const string BenchmarkGroups = "51.0";

    /// <summary>600 training, 200 validation and 200 test images per data set (the generator's defaults are 10x larger).</summary>
    private static async Task MakeDatasetsAsync(string folder, string fashionMnist, CancellationToken ct)
    {
        var script = Path.Combine(folder, "make-unseen-datasets.py");
        await File.WriteAllBytesAsync(script, DemoServices.Resource("demo/unseen-data/make-unseen-datasets.py"), ct);
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the unseen-data demo needs Debian's python3 with python3-numpy.");
        }
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "--out", folder, "--source", fashionMnist, "--train", "600", "--valid", "200", "--test", "200",
            "--benchmark-fashion", BenchmarkFashion, "--benchmark-groups", BenchmarkGroups })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The unseen-data demo's data sets could not be made (exit {process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static byte[] BaselinePackage()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in new[] { "data_processor.py", "nas.py", "trainer.py" })
            {
                using var entry = zip.CreateEntry(file).Open();
                entry.Write(DemoServices.Resource("demo/unseen-data/baseline/" + file));
            }
        }
        return buffer.ToArray();
    }
}
