using System.Text.Json;
using NasArena.Scoring.Metrics;
using NasArena.Supernet.Tests.Infrastructure;

namespace NasArena.Supernet.Tests;

[Trait("Category", "Unit")]
public class KendallTests
{
    [Fact]
    public void CorrelationsMatchScipyOnRealTrack1AccuraciesWithTies()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Repo.PathTo("data", "cvpr21", "cvpr21-track1", "gt_first_1000.json")));
        var acc = new List<double>();
        var proxy = new List<double>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            acc.Add(p.Value.GetProperty("acc").GetDouble());
            // A coarse proxy with many ties: total width of the used positions, in steps of 64.
            proxy.Add(Math.Floor(p.Value.GetProperty("arch").GetString()!.Split('-').Take(19).Sum(int.Parse) / 64.0));
        }
        var scipy = JsonSerializer.Deserialize<double[]>(Python.RunCode(
            "import sys, json; from scipy import stats; d = json.load(open(sys.argv[1]))\n" +
            "print(json.dumps([stats.kendalltau(d[0], d[1])[0], stats.spearmanr(d[0], d[1])[0], stats.pearsonr(d[0], d[1])[0]]))", WriteTemp(JsonSerializer.Serialize(new[] { proxy, acc }))))!;
        Assert.Equal(scipy[0], KendallTau.TauB(proxy.ToArray(), acc.ToArray()), 12);
        Assert.Equal(scipy[1], Correlation.Spearman(proxy.ToArray(), acc.ToArray()), 12);
        Assert.Equal(scipy[2], Correlation.Pearson(proxy.ToArray(), acc.ToArray()), 12);
    }

    static string WriteTemp(string text)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        return path;
    }
}
