using System.Text.Json;
using NasArena.MultiObjective;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.MultiObjective;

/// <summary>
/// The exact 2-D hypervolume, IGD and dominance against a brute-force numpy reference written here: the hypervolume as
/// the sum of the grid cells (between consecutive distinct coordinates) whose lower-left corner a point dominates, IGD as
/// the mean of the row minima of the full distance matrix. Bound 1e-12: both sides add fewer than 10^4 terms below 4 in
/// size in float64 (rounding under 10^4 x 4 x 2^-53, about 5e-12 at worst, far less in practice with cells this few).
/// </summary>
[Trait("Category", "Unit")]
public sealed class ParetoTests
{
    const string Reference = """
import json, sys
import numpy as np
cases = json.load(open(sys.argv[1]))
out = []
for c in cases:
    P = np.array(c["points"], dtype=np.float64).reshape(-1, 2)
    T = np.array(c["front"], dtype=np.float64).reshape(-1, 2)
    r = c["ref"]
    inside = P[(P[:, 0] < r[0]) & (P[:, 1] < r[1])]
    xs = np.unique(np.concatenate([inside[:, 0], [r[0]]]))
    ys = np.unique(np.concatenate([inside[:, 1], [r[1]]]))
    hv = 0.0
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if np.any((inside[:, 0] <= xs[i]) & (inside[:, 1] <= ys[j])):
                hv += (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j])
    d = np.sqrt(((T[:, None, :] - P[None, :, :]) ** 2).sum(-1))
    igd = float(d.min(axis=1).mean())
    dominated = [bool(np.any(np.all(P <= p, axis=1) & np.any(P < p, axis=1))) for p in P]
    out.append({"hv": repr(float(hv)), "igd": repr(igd), "dominated": dominated})
print(json.dumps(out))
""";

    [Fact]
    public void HypervolumeIgdAndDominanceEqualABruteForceNumpyComputationTo1e12()
    {
        var random = new Random(4821);
        var cases = new List<(Point2[] Points, Point2[] Front, Point2 Ref)>();
        for (int c = 0; c < 40; c++)
        {
            int n = 1 + random.Next(30);
            // Coordinates on a coarse grid half of the time, so that ties in one or both objectives occur.
            double Coord() => c % 2 == 0 ? random.Next(8) / 7.0 : random.NextDouble() * 1.2;
            var points = Enumerable.Range(0, n).Select(_ => new Point2(Coord(), Coord())).ToArray();
            var front = Enumerable.Range(0, 1 + random.Next(10)).Select(_ => new Point2(Coord(), Coord())).ToArray();
            var reference = c % 5 == 4 ? new Point2(0.7, 0.9) : new Point2(1.1, 1.1);
            cases.Add((points, front, reference));
        }
        var input = Path.GetTempFileName();
        File.WriteAllText(input, JsonSerializer.Serialize(cases.Select(c => new
        {
            points = c.Points.SelectMany(p => new[] { p.X, p.Y }),
            front = c.Front.SelectMany(p => new[] { p.X, p.Y }),
            @ref = new[] { c.Ref.X, c.Ref.Y },
        })));
        using var expected = JsonDocument.Parse(Python.RunScript(Reference, input));
        File.Delete(input);

        int k = 0;
        foreach (var e in expected.RootElement.EnumerateArray())
        {
            var (points, front, reference) = cases[k];
            Approx.Equal(Python.ParseRepr(e.GetProperty("hv").GetString()!), Pareto.Hypervolume(points, reference), 1e-12, $"case {k} hypervolume");
            Approx.Equal(Python.ParseRepr(e.GetProperty("igd").GetString()!), Pareto.InvertedGenerationalDistance(front, points), 1e-12, $"case {k} IGD");
            Assert.Equal(e.GetProperty("dominated").EnumerateArray().Select(b => b.GetBoolean()), Pareto.Dominated(points));
            k++;
        }
        Assert.Equal(40, k);
    }

    [Fact]
    public void PointsOutsideTheReferencePointAddNoHypervolume()
    {
        Assert.Equal(0, Pareto.Hypervolume([new Point2(1.2, 0.1), new Point2(0.1, 1.1)], new Point2(1.1, 1.1)));
        Assert.Equal(0.5 * 0.5, Pareto.Hypervolume([new Point2(0.5, 0.5), new Point2(0.5, 0.5)], new Point2(1, 1)), 15);
    }

    [Fact]
    public void EqualPointsDoNotDominateEachOther()
    {
        Assert.Equal([false, false, true], Pareto.Dominated([new Point2(0.2, 0.3), new Point2(0.2, 0.3), new Point2(0.2, 0.4)]));
    }
}
