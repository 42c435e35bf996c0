using System.Text.Json;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Support;

/// <summary>Sandbox tests share the two cores: one collection runs them one after another, so timings stay honest.</summary>
[CollectionDefinition("Sandbox", DisableParallelization = true)]
public sealed class SandboxCollection;

/// <summary>Runs packages through the real scorer and bubblewrap, with small limits.</summary>
public sealed class SandboxHarness : IDisposable
{
    public const string SmallLimits = """
        {"timeLimitSeconds": 5, "predictionGraceSeconds": 2, "memoryLimitBytes": 536870912, "maxProcesses": 64,
         "outputLimitBytes": 67108864, "maxLogBytes": 4194304, "logTailBytes": 4096}
        """;

    /// <summary>Small limits but time for torch's import, which takes seconds on a busy two-core machine.</summary>
    public const string TorchLimits = """
        {"timeLimitSeconds": 60, "predictionGraceSeconds": 2, "memoryLimitBytes": 2147483648, "maxProcesses": 64,
         "outputLimitBytes": 67108864, "maxLogBytes": 4194304, "logTailBytes": 4096}
        """;

    public string Directory { get; } = TestPaths.NewTempDirectory("sandbox");

    public SandboxHarness()
    {
        if (DockerImage is null) TestPaths.Require(BubblewrapRunner.Bwrap, "apt-get install bubblewrap");
        TestPaths.Require(Python.Interpreter, "apt-get install python3 python3-numpy python3-torch");
    }

    /// <summary>
    /// Set NASARENA_TEST_DOCKER_IMAGE (and NASARENA_TEST_DOCKER_GPUS, e.g. "all") on a GPU node with a Docker engine to run
    /// the same sandbox tests through <see cref="DockerRunner"/> (docs/unseen-data.md); unset, bubblewrap runs them.
    /// </summary>
    public static string? DockerImage => Environment.GetEnvironmentVariable("NASARENA_TEST_DOCKER_IMAGE") is { Length: > 0 } image ? image : null;

    public static string ExpectedRunner => DockerImage is null ? "bubblewrap" : "docker";

    public UnseenDataScorer Scorer => new(new UnseenDataScorerOptions(Path.Combine(Directory, "work"),
        DockerImage is { } image ? _ => new DockerRunner(image, Environment.GetEnvironmentVariable("NASARENA_TEST_DOCKER_GPUS") ?? "") : null));

    public string Zip(IReadOnlyDictionary<string, string> files) =>
        new ZipBuilder().AddFiles(files).Save(Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".zip"));

    public ScoringRequest Request(string packageZip, string settings = SmallLimits, params string[] datasetZips)
    {
        if (datasetZips.Length == 0) datasetZips = [SyntheticDataset.Create(Directory)];
        return new ScoringRequest(packageZip, "package.zip", datasetZips.Select(SyntheticDataset.AsAsset).ToList(),
            JsonDocument.Parse(settings).RootElement);
    }

    /// <summary>Runs a package on the tiny data set and returns the one data set's result.</summary>
    public async Task<DatasetResult> RunOne(IReadOnlyDictionary<string, string> files, string settings = SmallLimits)
    {
        var (results, runner) = await Scorer.RunAsync(Request(Zip(files), settings), CancellationToken.None);
        Assert.Equal(ExpectedRunner, runner);
        return Assert.Single(results);
    }

    /// <summary>A sandbox job for a package on the tiny data set, for tests that drive a runner directly.</summary>
    public SandboxJob Job(IReadOnlyDictionary<string, string> files, SandboxLimits? limits = null)
    {
        var run = Path.Combine(Directory, "job-" + Guid.NewGuid().ToString("N"));
        var submission = Path.Combine(run, "submission");
        System.IO.Directory.CreateDirectory(submission);
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(submission, name), text);
        var staged = new NasArena.UnseenData.Datasets.DatasetStager(Path.Combine(Directory, "work", "datasets"))
            .Stage(SyntheticDataset.AsAsset(SyntheticDataset.Create(Directory)));
        return new SandboxJob(HarnessFiles.Materialize(Path.Combine(Directory, "work")), submission, staged.PublicDirectory,
            Path.Combine(run, "out"), limits ?? new SandboxLimits(5, 2, 512L << 20, 64, 64L << 20, 4L << 20, 4096, 1));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
