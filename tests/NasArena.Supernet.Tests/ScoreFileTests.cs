using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;
using NasArena.Supernet.Tests.Infrastructure;

namespace NasArena.Supernet.Tests;

/// <summary>Score-file mode against the real CVPR 2021 Track 1 ground truth (1,000 architectures).</summary>
[Trait("Category", "Unit")]
public class ScoreFileTests : IDisposable
{
    static readonly object Settings = new { space = "cvpr21-resnet20", mode = "score-file" };
    readonly string dir = Directory.CreateTempSubdirectory("nasarena-scorefile-").FullName;
    readonly JsonObject groundTruth = JsonNode.Parse(File.ReadAllText(Repo.PathTo("data", "cvpr21", "cvpr21-track1", "gt_first_1000.json")))!.AsObject();
    readonly string benchmark;

    public ScoreFileTests()
    {
        // Deterministic split: every fourth architecture is private.
        var b = new JsonObject();
        int i = 0;
        foreach (var (id, v) in groundTruth)
            b[id] = new JsonObject { ["arch"] = v!["arch"]!.GetValue<string>(), ["acc"] = v["acc"]!.GetValue<double>(), ["split"] = i++ % 4 == 3 ? "private" : "public" };
        benchmark = Write("benchmark.json", b.ToJsonString());
    }

    /// <summary>A participant's proxy score: the total width of the 19 used positions (a size proxy), the way a zero-cost entry might rank.</summary>
    static double Proxy(string arch) => arch.Split('-').Take(19).Sum(int.Parse);

    JsonObject Submission() => new(groundTruth.Select(kv => KeyValuePair.Create(kv.Key,
        (JsonNode?)new JsonObject { ["arch"] = kv.Value!["arch"]!.GetValue<string>(), ["acc"] = Proxy(kv.Value["arch"]!.GetValue<string>()) })));

    [Fact]
    public async Task MetricsOnEachSplitMatchScipyOnTheRealGroundTruth()
    {
        var result = await new SupernetScorer().ScoreAsync(Request(Write("s.json", Submission().ToJsonString())), default);
        var entries = groundTruth.Select((kv, i) => (arch: kv.Value!["arch"]!.GetValue<string>(), acc: kv.Value["acc"]!.GetValue<double>(), isPublic: i % 4 != 3)).ToList();
        foreach (var (isPublic, metrics) in new[] { (true, result.Public), (false, result.Private) })
        {
            var part = entries.Where(e => e.isPublic == isPublic).ToList();
            Scipy.AssertEqual(Scipy.Correlations(part.Select(e => Proxy(e.arch)).ToList(), part.Select(e => e.acc).ToList()), metrics);
        }
        Assert.DoesNotContain("\"acc\"", result.DetailsJson);
    }

    [Fact]
    public async Task ShardsCombineToTheOneShotScore()
    {
        var scorer = new SupernetScorer();
        var request = Request(Write("s.json", Submission().ToJsonString()));
        Assert.Equal(1000, await scorer.CountUnitsAsync(request, default));
        var shards = new[] { (0, 300), (300, 300), (600, 400) }.Select(s => scorer.ScoreShardAsync(request, s.Item1, s.Item2, default).Result).ToList();
        var combined = await scorer.CombineAsync(request, shards, default);
        var oneShot = await scorer.ScoreAsync(request, default);
        Assert.Equal(oneShot.Public, combined.Public);
        Assert.Equal(oneShot.Private, combined.Private);
    }

    [Fact]
    public async Task AConstantScoreListHasNoDefinedCorrelationAsInScipy()
    {
        var s = Submission();
        foreach (var (_, v) in s) v!["acc"] = 0.5;
        var result = await new SupernetScorer().ScoreAsync(Request(Write("flat.json", s.ToJsonString())), default);
        // scipy.stats.kendalltau of a constant list is NaN; the platform stores it as null and ranks it last.
        Assert.All(result.Public.Values.Concat(result.Private.Values), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public async Task AMissingArchitectureIsNamed()
    {
        var s = Submission();
        s.Remove("arch17");
        await Rejected(s.ToJsonString(), "1 architectures of the list have no score, first 'arch17'");
    }

    [Fact]
    public async Task ADuplicatedArchitectureIsNamed()
    {
        var text = Submission().ToJsonString();
        var entry = "\"arch5\":" + Submission()["arch5"]!.ToJsonString();
        await Rejected(text.Insert(1, entry + ","), "'arch5' occurs twice");
    }

    [Fact]
    public async Task AnInfiniteScoreIsNamed()
    {
        var text = Submission().ToJsonString();
        var at = text.IndexOf("\"arch9\":", StringComparison.Ordinal);
        var accAt = text.IndexOf("\"acc\":", at, StringComparison.Ordinal) + "\"acc\":".Length;
        var end = text.IndexOfAny([',', '}'], accAt);
        await Rejected(text[..accAt] + "1e999" + text[end..], "entry 'arch9' has a non-finite score");
    }

    [Fact]
    public async Task AnArchitectureStringThatDiffersFromTheListIsNamed()
    {
        var s = Submission();
        s["arch3"]!["arch"] = "16-4-12-16-8-16-16-24-12-8-16-4-32-52-52-52-20-40-8-44";
        await Rejected(s.ToJsonString(), "entry 'arch3' gives architecture 16-4-12-16-8-16-16-24-12-8-16-4-32-52-52-52-20-40-8-44, but 'arch3' of the list is");
    }

    [Fact]
    public async Task AnArchitectureOutsideTheSpaceIsNamedWithItsPosition()
    {
        var s = Submission();
        s["arch2"]!["arch"] = "16-8-16-16-8-12-12-20-12-4-12-32-32-24-48-8-52-16-12-68";
        await Rejected(s.ToJsonString(), "entry 'arch2': '16-8-16-16-8-12-12-20-12-4-12-32-32-24-48-8-52-16-12-68': position 20 is 68");
    }

    async Task Rejected(string submission, string expected)
    {
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => new SupernetScorer().PrecheckAsync(Request(Write("bad.json", submission)), default));
        Assert.Contains(expected, e.Message);
    }

    ScoringRequest Request(string submission) => new(submission, "scores.json",
        [new StagedAsset("benchmark", "benchmark.json", benchmark, "x")], JsonSerializer.SerializeToElement(Settings));

    string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
