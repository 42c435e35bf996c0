using System.Text.Json;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;

namespace NasArena.UnseenData.Tests.Scoring;

/// <summary>
/// Packages written in the style of each edition of the NAS Unseen-Data starting kit (starter-kits/unseen-data/kit-editions/, zipped as the kit's
/// Makefile does: the files at the root of the zip) run unchanged and score on the tiny data set.
/// </summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed class KitEditionTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public KitEditionTests()
    {
        // The kit's requirements.txt: the 2024 package imports both, as the kit's own example does.
        TestPaths.Require("/usr/lib/python3/dist-packages/torchvision/__init__.py", "apt-get install python3-torchvision");
        TestPaths.Require("/usr/lib/python3/dist-packages/sklearn/__init__.py", "apt-get install python3-sklearn");
    }

    public void Dispose() => _h.Dispose();

    private static Dictionary<string, string> Edition(string name)
    {
        var dir = Path.Combine(Repo.Root, "starter-kits", "unseen-data", "kit-editions", name);
        return Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
    }

    private const string Shared = """
        {"timeLimitSeconds": 120, "timeBudget": "shared", "predictionGraceSeconds": 10, "memoryLimitBytes": 2147483648,
         "maxProcesses": 64, "outputLimitBytes": 67108864, "maxLogBytes": 4194304, "logTailBytes": 8192}
        """;

    [Fact]
    public async Task A2022StylePackageSplitsABudgetSharedByTheDataSetsWithTheirIndexAndCount()
    {
        var alpha = SyntheticDataset.Create(_h.Directory, codename: "alpha");
        var beta = SyntheticDataset.Create(_h.Directory, codename: "beta");
        var result = await _h.Scorer.ScoreAsync(_h.Request(_h.Zip(Edition("edition2022")), Shared, alpha, beta), CancellationToken.None);

        var logs = JsonDocument.Parse(result.DetailsJson!).RootElement.GetProperty("logs");
        Assert.Contains("[2022] data set 0 of 2, share ", logs.GetProperty("alpha").GetString());
        Assert.Contains("[2022] data set 1 of 2, share ", logs.GetProperty("beta").GetString());
        Assert.True(result.Public["alpha_accuracy"] >= 75 && result.Public["beta_accuracy"] >= 75, JsonSerializer.Serialize(result.Public));
        Assert.True(result.Public["score"] > 10, $"score {result.Public["score"]}");
    }

    [Fact]
    public async Task A2024StylePackageWithHelpersTorchvisionAndSklearnGetsNchwShapeAndOneSharedMetadataDict()
    {
        var r = await _h.RunOne(Edition("edition2024"), SandboxHarness.TorchLimits);
        Assert.True(r.Ok, r.Reason + "\n" + r.LogTail);
        Assert.Contains("[2024 process] input_shape [80, 1, 4, 4], x float32, y int64", r.LogTail); // 40 + 20 + 20 items
        Assert.Contains("[2024 search] channels 1, width 8", r.LogTail);
        Assert.Contains("[2024 train] valid accuracy", r.LogTail);
        Assert.True(r.Accuracy >= 75, $"accuracy {r.Accuracy}\n{r.LogTail}");
    }

    [Fact]
    public async Task A2026StylePackageGetsTheKitsClockInEveryConstructorAndThePerDataSetLimitInHours()
    {
        var r = await _h.RunOne(Edition("edition2026"), SandboxHarness.TorchLimits);
        Assert.True(r.Ok, r.Reason + "\n" + r.LogTail);
        Assert.Matches(@"\[2026 process\] clock \d+\.\d s left of 60\.0 s; time_limit 60\.0 s", r.LogTail);
        Assert.Matches(@"\[2026 train\] \d+ epochs", r.LogTail);
        Assert.True(r.Accuracy >= 75, $"accuracy {r.Accuracy}\n{r.LogTail}");
    }

    [Theory]
    [InlineData("shuffle=False, drop_last=False", "shuffle=True", "Bad test loader: the test loader shuffles")]
    [InlineData("shuffle=False, drop_last=False", "shuffle=False, drop_last=True", "Bad test loader: the test loader drops its last batch")]
    public async Task ATestLoaderThatWouldBreakThePredictionsOrderFailsWithTheKitsCheckByName(string from, string to, string reason)
    {
        var files = Edition("edition2024");
        files["data_processor.py"] = files["data_processor.py"].Replace(from, to, StringComparison.Ordinal);
        var r = await _h.RunOne(files, SandboxHarness.TorchLimits);
        Assert.Equal(FailureKind.BadTestLoader, r.Failure);
        Assert.StartsWith(reason, r.Reason);
        Assert.Equal("process", r.Phase);
    }

    [Fact]
    public async Task AConstructorTakingMoreThanTheKitPassesFailsWithTheArgumentsNamed()
    {
        var files = Edition("edition2026");
        files["nas.py"] = files["nas.py"].Replace("metadata, clock):", "metadata, clock, extra):", StringComparison.Ordinal);
        var r = await _h.RunOne(files, SandboxHarness.TorchLimits);
        Assert.Equal(FailureKind.Exception, r.Failure);
        Assert.Equal("Wrong constructor in phase 'search': NAS() takes 5 arguments (train_loader, valid_loader, metadata, clock, extra); "
            + "the kit passes 3 (train_loader, valid_loader, metadata) or 4 (the same and clock).", r.Reason);
    }

    [Fact]
    public async Task WithASharedBudgetADataSetWhoseTurnComesAfterTheBudgetIsSpentFailsWithoutRunning()
    {
        var alpha = SyntheticDataset.Create(_h.Directory, codename: "alpha");
        var beta = SyntheticDataset.Create(_h.Directory, codename: "beta");
        const string settings = """{"timeLimitSeconds": 2, "timeBudget": "shared", "predictionGraceSeconds": 1}""";
        var request = _h.Request(_h.Zip(PackageSources.WithProcessBody("time.sleep(30)")), settings, alpha, beta);
        Assert.Equal(1, await _h.Scorer.CountUnitsAsync(request, CancellationToken.None)); // one shard: beta depends on alpha
        var (results, _) = await _h.Scorer.RunAsync(request, CancellationToken.None);

        Assert.Equal(FailureKind.TimeLimit, results[0].Failure);
        Assert.Equal(FailureKind.TimeLimit, results[1].Failure);
        Assert.Equal("Time limit: the 2 s shared by all data sets were spent before this data set's turn; it did not run.", results[1].Reason);
    }
}
