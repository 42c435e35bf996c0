using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Supernet.Tests.Infrastructure;

/// <summary>
/// Files shared by the suite, made once per run by tests/NasArena.Supernet.Tests/python/make_fixtures.py with the
/// starter kit and PyTorch: a demo supernet (.safetensors and .pt), Fashion-MNIST data assets, faulty checkpoints.
/// </summary>
public sealed class DemoFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("nasarena-supernet-").FullName;

    public DemoFixture()
    {
        Python.Run([Repo.PathTo("tests", "NasArena.Supernet.Tests", "python", "make_fixtures.py"), Repo.PathTo("starter-kits", "supernet"), Dir]);
    }

    public string File(string name) => Path.Combine(Dir, name);

    /// <summary>The demo architectures the tests evaluate (a spread of small and large ones).</summary>
    public static readonly string[] Architectures =
    [
        "4-4-4-8-8-16-16", "8-8-8-16-16-32-32", "4-8-4-12-8-24-16", "8-4-8-8-16-16-32", "8-8-4-16-12-32-24", "4-4-8-12-16-24-32",
    ];

    /// <summary>Writes a demo benchmark; the stand-alone accuracies are given by the caller.</summary>
    public string WriteBenchmark(string name, IReadOnlyList<double> accuracies)
    {
        var doc = Architectures.Select((a, i) => (a, i)).ToDictionary(
            p => $"arch{p.i + 1}", p => new { arch = p.a, acc = accuracies[p.i], split = p.i % 2 == 0 ? "public" : "private" });
        var path = File(name);
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(doc));
        return path;
    }

    public ScoringRequest Request(string submission, string benchmark, object settings, bool withCalibration = true) => new(
        submission, Path.GetFileName(submission),
        [
            new StagedAsset("benchmark", "benchmark.json", benchmark, "b"),
            new StagedAsset("eval-data", "eval.zip", File("eval.zip"), "e"),
            .. withCalibration ? [new StagedAsset("calibration-data", "calib.zip", File("calib.zip"), "c")] : Array.Empty<StagedAsset>(),
        ],
        JsonSerializer.SerializeToElement(settings));

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo supernet";
}
