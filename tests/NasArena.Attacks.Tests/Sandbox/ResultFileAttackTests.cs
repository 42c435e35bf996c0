using System.Diagnostics;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.Attacks.Tests.Sandbox;

/// <summary>
/// Issue 23, item 7: the Docker runner mounts the output folder writable, so a package can leave anything at
/// /out/predictions.npy and /out/status.jsonl before it exits. No Docker engine runs on the machines these tests run
/// on, so <see cref="PackageWithWritableOut"/> plays the package's part on the output folder exactly as Docker lays it
/// out (the host folder that is /out inside); everything after the run is the real scorer, stager and evaluator.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ResultFileAttackTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("attack-results");

    [Fact]
    public async Task APackageCannotScoreByLinkingItsPredictionsToTheHiddenLabels()
    {
        var message = await RejectedAsync(job => File.CreateSymbolicLink(Predictions(job), HiddenLabelsOf(job)));
        Assert.Contains("predictions.npy in the output folder is a symbolic link", message);
        Assert.Contains("did not follow it", message);
    }

    [Fact]
    public async Task APackageCannotHangTheScorerWithAFifo()
    {
        var scoring = Task.Run(() => RejectedAsync(job =>
        {
            File.Delete(Status(job));
            Mkfifo(Status(job));
            Mkfifo(Predictions(job));
        }));
        // Not a timing assertion: the old code blocks forever in open(); a generous bound tells a hang from a slow run.
        var finished = await Task.WhenAny(scoring, Task.Delay(TimeSpan.FromMinutes(2)));
        if (finished != scoring)
        {
            Release(); // lets the blocked open() return, so that the test run can end
            Assert.Fail("The scorer hung opening a FIFO the package left in its output folder.");
        }
        var message = await scoring;
        Assert.Contains("status.jsonl in the output folder is a FIFO (named pipe), not a regular file", message);
    }

    [Fact]
    public async Task APackageCannotMakeTheScorerReadAHugeSparseFile()
    {
        var message = await RejectedAsync(job =>
        {
            // A valid header for the test set's length, then 10 GB of holes: no disk used, 10 GB to read.
            using var f = new FileStream(Predictions(job), FileMode.Create);
            f.Write(Npy.Int64(new long[20]));
            f.SetLength(10L << 30);
        });
        Assert.Contains("predictions.npy in the output folder has 10,737,418,240 bytes, more than the", message);
        Assert.Contains("it was not read", message);
    }

    /// <summary>
    /// The hidden labels must lie under no folder a runner mounts (the Docker bind mounts and bubblewrap's binds of the
    /// real job the scorer builds): a package that can read them needs no symbolic link at all.
    /// </summary>
    [Fact]
    public async Task HiddenLabelsAreUnderNoFolderAnyRunnerMounts()
    {
        SandboxJob? seen = null;
        await RejectedAsync(job => seen = job);
        var job = seen!;
        var hidden = Path.GetFullPath(HiddenLabelsOf(job));
        Assert.True(File.Exists(hidden), $"The stager no longer puts the hidden labels at {hidden}: update this test.");

        var docker = new DockerRunner("image").BuildRunArguments(job, "c");
        var dockerSources = docker.Where(a => a.StartsWith("type=bind,", StringComparison.Ordinal))
            .Select(a => a.Split(',').Single(p => p.StartsWith("source=", StringComparison.Ordinal))["source=".Length..]).ToList();
        var bwrap = new BubblewrapRunner().BuildCommand(job, [], useNprocLimit: true).BwrapArguments.ToList();
        var bwrapSources = bwrap.Select((a, i) => (a, i)).Where(x => x.a is "--bind" or "--ro-bind" or "--dev-bind").Select(x => bwrap[x.i + 1]).ToList();
        Assert.Equal(4, dockerSources.Count);
        Assert.Contains(job.DataDirectory, bwrapSources);
        foreach (var source in dockerSources.Concat(bwrapSources))
        {
            var root = Path.GetFullPath(source).TrimEnd('/') + "/";
            Assert.False(hidden.StartsWith(root, StringComparison.Ordinal), $"{source} is mounted and holds the hidden labels {hidden}.");
        }
    }

    /// <summary>Scores the planted output folder; the package must be rejected (its only data set failed) and the reason is returned.</summary>
    private async Task<string> RejectedAsync(Action<SandboxJob> plant)
    {
        var scorer = new UnseenDataScorer(new UnseenDataScorerOptions(Path.Combine(_directory, "work"), _ => new PackageWithWritableOut(plant)));
        var request = new ScoringRequest(new ZipBuilder().AddFiles(PackageSources.WithProcessBody("pass")).Save(Path.Combine(_directory, "package.zip")),
            "package.zip", [SyntheticDataset.AsAsset(SyntheticDataset.Create(_directory))], JsonDocument.Parse("{}").RootElement);
        try
        {
            var result = await scorer.ScoreAsync(request, CancellationToken.None);
            Assert.Fail($"The planted output scored: {JsonSerializer.Serialize(result.Public)}.");
            return "";
        }
        catch (SubmissionRejectedException e)
        {
            return e.Message;
        }
    }

    /// <summary>The staged hidden labels, where an attacker derives them: beside the mounted public folder, named by the asset's hash.</summary>
    private static string HiddenLabelsOf(SandboxJob job) => Path.Combine(Path.GetDirectoryName(job.DataDirectory)!, "hidden", DatasetAsset.TestLabels);

    private static string Predictions(SandboxJob job) => Path.Combine(job.OutputDirectory, SandboxOutcome.PredictionsFile);

    private static string Status(SandboxJob job) => Path.Combine(job.OutputDirectory, SandboxOutcome.StatusFile);

    private readonly List<string> _fifos = [];

    private void Mkfifo(string path)
    {
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        _fifos.Add(path);
    }

    private void Release()
    {
        foreach (var fifo in _fifos)
            _ = Task.Run(() => { try { File.WriteAllText(fifo, ""); } catch (IOException) { } });
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }

    /// <summary>
    /// What a package can do to /out in a Docker container (uid 65534 owns nothing else it can write): claim success on
    /// the status channel, then leave whatever it likes at the results' paths and exit.
    /// </summary>
    private sealed class PackageWithWritableOut(Action<SandboxJob> plant) : ISandboxRunner
    {
        public string Name => "docker";

        public Task<SandboxOutcome> RunAsync(SandboxJob job, CancellationToken ct)
        {
            Directory.CreateDirectory(job.OutputDirectory);
            File.WriteAllText(Status(job), "{\"phase\": \"done\", \"ok\": true}\n");
            plant(job);
            return Task.FromResult(new SandboxOutcome(SandboxStop.Exited, 0, "", 0, TimeSpan.FromSeconds(1), []));
        }
    }
}
