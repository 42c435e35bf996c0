using System.Text.Json;
using NasArena.MultiObjective;
using NasArena.MultiObjective.Kind;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.MultiObjective;

/// <summary>
/// The scorer end to end on the demo benchmark table (data/supernet-demo/benchmark.json) against a numpy reference that
/// recomputes everything from the table (costs from a PyTorch parameter count / the closed FLOP formula of the torch test,
/// min-max scaling, the true front by brute-force dominance, grid-cell hypervolume, IGD, numpy.median budget): 1e-12,
/// the bound of ParetoTests. And every hostile front refused with the line and the fault.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MultiObjectiveScorerTests : IDisposable
{
    readonly TempFiles _files = new();
    readonly MultiObjectiveScorer _scorer = new();
    public void Dispose() => _files.Dispose();

    static readonly string TablePath = Repo.PathTo("data", "supernet-demo", "benchmark.json");
    static string[] TableArchs() =>
        [.. JsonDocument.Parse(File.ReadAllText(TablePath)).RootElement.EnumerateObject().Select(p => p.Value.GetProperty("arch").GetString()!)];

    ScoringRequest Request(string name, string front, string settings = "{}", string? latency = null)
    {
        List<StagedAsset> assets = [new(MultiObjectiveKind.BenchmarkTable, "benchmark.json", TablePath, TempFiles.Sha256(TablePath), 1)];
        if (latency is not null)
        {
            var path = _files.Write("latency.json", latency);
            assets.Add(new(MultiObjectiveKind.LatencyTable, "latency.json", path, TempFiles.Sha256(path), 3));
        }
        return new ScoringRequest(_files.Write(name, front), name, assets, JsonDocument.Parse(settings).RootElement);
    }

    const string Reference = """
import json, sys
import numpy as np
import torch.nn as nn
table = json.load(open(sys.argv[1]))
front = json.load(open(sys.argv[2]))
cost_kind, ref, budget, latency = sys.argv[3], [float(x) for x in sys.argv[4].split(",")], sys.argv[5], json.loads(sys.argv[6])
choices_blocks = [(0, 1, 2, 1), (2, 3, 4, 2), (4, 5, 6, 2)]
def params(w):
    layers = [nn.Conv2d(1, w[0], 3, bias=False), nn.BatchNorm2d(w[0])]
    for i, m, o, s in choices_blocks:
        layers += [nn.Conv2d(w[i], w[m], 3, bias=False), nn.BatchNorm2d(w[m]), nn.Conv2d(w[m], w[o], 3, bias=False),
                   nn.BatchNorm2d(w[o]), nn.Conv2d(w[i], w[o], 1, bias=False), nn.BatchNorm2d(w[o])]
    layers.append(nn.Linear(w[6], 10))
    return sum(p.numel() for l in layers for p in l.parameters())
def flops(w):
    h, total = 28, 2 * 9 * 1 * w[0] * 28 * 28
    for i, m, o, s in choices_blocks:
        h = (h - 1) // s + 1
        total += 2 * h * h * (9 * w[i] * w[m] + 9 * w[m] * w[o] + w[i] * w[o])
    return total + 2 * 10 * w[6]
archs = [v["arch"] for v in table.values()]
acc = np.array([v["acc"] for v in table.values()], dtype=np.float64)
ws = [[int(x) for x in a.split("-")] for a in archs]
cost = np.array([params(w) if cost_kind == "params" else flops(w) if cost_kind == "flops" else latency[a] for a, w in zip(archs, ws)], dtype=np.float64)
err = 1 - acc
P = np.stack([(err - err.min()) / (err.max() - err.min()), (cost - cost.min()) / (cost.max() - cost.min())], axis=1)
def hv(Q):
    Q = Q[(Q[:, 0] < ref[0]) & (Q[:, 1] < ref[1])]
    xs = np.unique(np.concatenate([Q[:, 0], [ref[0]]])); ys = np.unique(np.concatenate([Q[:, 1], [ref[1]]]))
    return sum((xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j]) for i in range(len(xs) - 1) for j in range(len(ys) - 1)
               if np.any((Q[:, 0] <= xs[i]) & (Q[:, 1] <= ys[j])))
nd = [k for k in range(len(P)) if not np.any(np.all(P <= P[k], axis=1) & np.any(P < P[k], axis=1))]
T = P[nd]
S = P[[archs.index(a) for a in front]]
b = float(np.median(cost)) if budget == "median" else float(budget)
under = [acc[archs.index(a)] for a in front if cost[archs.index(a)] <= b]
print(json.dumps({"hv": repr(float(hv(S) / hv(T))), "igd": repr(float(np.sqrt(((T[:, None] - S[None]) ** 2).sum(-1)).min(1).mean())),
                  "under": repr(float(max(under)) if under else 0.0), "budget": repr(b), "front": sorted(archs[k] for k in nd)}))
""";

    [Theory]
    [InlineData("params", "{}", "1.1,1.1", "median")]
    [InlineData("flops", """{"cost": "flops", "referenceError": 1.5, "referenceCost": 0.8, "costBudget": 4000000}""", "1.5,0.8", "4000000")]
    [InlineData("latency", """{"cost": "latency", "showTrueFront": true}""", "1.1,1.1", "median")]
    public async Task EveryFigureEqualsAnIndependentNumpyComputationTo1e12(string cost, string settings, string reference, string budget)
    {
        var archs = TableArchs();
        var front = new[] { archs[0], archs[3], archs[5], archs[8], archs[11], archs[15] };
        // A latency table that does not follow the parameter count, so that the latency front differs.
        var latencies = archs.Select((a, i) => (a, ms: 0.25 + (i * 7 % 16) / 16.0)).ToDictionary(t => t.a, t => t.ms);
        var latencyJson = JsonSerializer.Serialize(new { device = "Test CPU (2 threads)", latencyMs = latencies });
        var request = Request("front.json", JsonSerializer.Serialize(front), settings, cost == "latency" ? latencyJson : null);

        await _scorer.PrecheckAsync(request, CancellationToken.None);
        var result = await _scorer.ScoreAsync(request, CancellationToken.None);

        var frontPath = _files.Write("front-ref.json", JsonSerializer.Serialize(front));
        using var expected = JsonDocument.Parse(Python.RunScript(Reference, TablePath, frontPath, cost, reference, budget, JsonSerializer.Serialize(latencies)));
        double Expected(string key) => Python.ParseRepr(expected.RootElement.GetProperty(key).GetString()!);
        Approx.Equal(Expected("hv"), result.Public[MultiObjectiveKind.Hypervolume], 1e-12, "hypervolume ratio");
        Approx.Equal(Expected("igd"), result.Public[MultiObjectiveKind.Igd], 1e-12, "IGD");
        Approx.Equal(Expected("under"), result.Public[MultiObjectiveKind.AccuracyUnderBudget], 0, "accuracy under budget");
        Assert.Equal(result.Public, result.Private);
        Assert.InRange(result.Public[MultiObjectiveKind.Hypervolume], 0.01, 1);

        using var details = JsonDocument.Parse(result.DetailsJson!);
        Approx.Equal(Expected("budget"), details.RootElement.GetProperty("budget").GetDouble(), 0, "budget");
        Assert.Equal(front, details.RootElement.GetProperty("submitted").EnumerateArray().Select(p => p.GetProperty("arch").GetString()));
        var trueFront = details.RootElement.GetProperty("trueFront");
        if (cost == "latency")
        {
            Assert.Equal(expected.RootElement.GetProperty("front").EnumerateArray().Select(a => a.GetString()),
                trueFront.EnumerateArray().Select(p => p.GetProperty("arch").GetString()).Order(StringComparer.Ordinal));
            Assert.Equal("Test CPU (2 threads)", details.RootElement.GetProperty("latencyDevice").GetString());
            Assert.Equal(3, details.RootElement.GetProperty("latencyTableVersion").GetInt32());
        }
        else Assert.Equal(JsonValueKind.Null, trueFront.ValueKind);
    }

    [Fact]
    public async Task TheTrueFrontItselfScoresAHypervolumeOfOneAndAnIgdOfZero()
    {
        var table = BenchmarkTable.Load(TablePath, NasArena.MultiObjective.Spaces.ResNetSpace.Demo);
        var settings = FrontSettings.Parse(JsonDocument.Parse("{}").RootElement);
        var all = FrontScore.Compute(table, [.. Enumerable.Range(0, table.Count)], settings, null);
        var front = all.TrueFront.Select(i => table.Architectures[i]).ToArray();
        var result = await _scorer.ScoreAsync(Request("front.csv", "arch\n" + string.Join("\n", front)), CancellationToken.None);
        Assert.Equal(1.0, result.Public[MultiObjectiveKind.Hypervolume], 12);
        Assert.Equal(0.0, result.Public[MultiObjectiveKind.Igd]);
    }

    public static TheoryData<string, string, string, string> HostileFronts() => new()
    {
        { "front.json", "[\"4-4-4-8-8-24-32\",\n \"4-4-4-8-8-24-33\"]", "{}", "line 2: '4-4-4-8-8-24-33' is not an architecture of the demo space: it position 7 is '33'" },
        { "front.json", "[\"4-4-4-8-8-24-32\",\n\n \"4-4-4-8-8-24-32\"]", "{}", "line 3: '4-4-4-8-8-24-32' is a duplicate of line 1" },
        { "front.csv", "arch\n4-4-4-8-8-24-32\n4-4-4-8-8-24-24\n", "{}", "line 3: '4-4-4-8-8-24-24' is not one of the track's 16 candidate architectures" },
        { "front.json", "[\"4-4-4-8-8-24-32\", \"4-4-4-12-16-16-24\", \"4-4-8-12-12-16-16\"]", """{"maxArchitectures": 2}""", "The front holds 3 architectures; this track takes at most 2." },
        { "front.json", "[]", "{}", "The front is empty" },
        { "front.csv", "arch\n\n", "{}", "The front is empty" },
        { "front.json", "[\"4-4-4-8-8-24-32\",\n 7]", "{}", "Line 2: element 2 is a number, not an architecture string." },
        { "front.json", "[\"4-4-4-8-8-24-32\",\n", "{}", "The front is not valid JSON: line 2" },
        { "front.json", "{\"archs\": []}", "{}", "Line 1: expected the key \"architectures\"" },
        { "front.json", "{\"architectures\": [\"4-4-4-8-8-24-32\"], \"extra\": 1}", "{}", "unexpected content after the array" },
    };

    [Theory]
    [MemberData(nameof(HostileFronts))]
    public async Task AHostileFrontIsRefusedAtPrecheckWithTheLineAndTheFault(string name, string front, string settings, string expected)
    {
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _scorer.PrecheckAsync(Request(name, front, settings), CancellationToken.None));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task ALatencyTableThatLacksATableArchitectureIsTheOrganizersFaultNotTheParticipants()
    {
        var latency = """{"device": "x", "latencyMs": {"4-4-4-8-8-24-32": 1.0}}""";
        var request = Request("front.json", "[\"4-4-4-8-8-24-32\"]", """{"cost": "latency"}""", latency);
        var e = await Assert.ThrowsAsync<ScoringConfigurationException>(() => _scorer.ScoreAsync(request, CancellationToken.None));
        Assert.Contains("lacks 15 of the benchmark table's architectures", e.Message);
    }

    [Theory]
    [InlineData("benchmark-table", """{"a": {"arch": "4-4-4-8-8-24-32", "acc": 0.5}, "b": {"arch": "4-4-4-8-8-24-32", "acc": 0.6}}""", "\"b\": '4-4-4-8-8-24-32' is also \"a\"")]
    [InlineData("benchmark-table", """{"a": {"arch": "4-4-4-8-8-24-99", "acc": 0.5}}""", "position 7 is '99'")]
    [InlineData("benchmark-table", """{"a": {"arch": "4-4-4-8-8-24-32", "acc": 1.5}}""", "\"acc\" must be a number from 0 to 1")]
    [InlineData("latency-table", """{"latencyMs": {"4-4-4-8-8-24-32": 1.0}}""", "must name where it was measured")]
    [InlineData("latency-table", """{"device": "cpu", "latencyMs": {"4-4-4-8-8-24-32": -1}}""", "not a positive number of ms")]
    public async Task ABadAssetIsRefusedOnUploadNamingTheEntry(string kind, string content, string expected)
    {
        var path = _files.Write("asset.json", content);
        var e = await Assert.ThrowsAsync<AssetRejectedException>(() => _scorer.ValidateAssetAsync(kind, path, JsonDocument.Parse("{}").RootElement, CancellationToken.None));
        Assert.Contains(expected, e.Message);
    }
}
