using System.Text.Json;

namespace NasArena.Supernet.Tests.Infrastructure;

/// <summary>The reference metrics, computed by scipy in Debian's python.</summary>
public static class Scipy
{
    public static Dictionary<string, double> Correlations(IReadOnlyList<double> scores, IReadOnlyList<double> truth)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, JsonSerializer.Serialize(new[] { scores, truth }));
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(Python.RunCode(
                "import sys, json; from scipy import stats; s, t = json.load(open(sys.argv[1]))\n" +
                "print(json.dumps({'kendall_tau': stats.kendalltau(s, t)[0], 'spearman_rho': stats.spearmanr(s, t)[0], 'pearson_r': stats.pearsonr(s, t)[0]}))",
                path))!;
        }
        finally { File.Delete(path); }
    }

    public static void AssertEqual(Dictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (k, v) in expected) Assert.Equal(v, actual[k], 10);
    }
}
