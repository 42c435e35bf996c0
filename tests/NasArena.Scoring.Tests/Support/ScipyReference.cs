namespace NasArena.Scoring.Tests.Support;

/// <summary>Reference metric values from scipy/numpy for many (prediction, truth) pairs in one Python run.</summary>
public sealed record ReferenceMetrics(double Kendall, double Spearman, double Pearson, double Rmse, double Mae, double TopK);

public static class ScipyReference
{
    const string Script = """
        import sys, warnings
        import numpy as np
        from scipy import stats
        warnings.simplefilter("ignore")
        data = np.fromfile(sys.argv[1], dtype="<f8")
        lengths = [int(s) for s in sys.argv[2].split(",")]
        percent = float(sys.argv[3])
        offset = 0
        for n in lengths:
            p = data[offset:offset + n]; t = data[offset + n:offset + 2 * n]; offset += 2 * n
            k = stats.kendalltau(p, t)[0]
            s = stats.spearmanr(p, t)[0]
            try:
                r = stats.pearsonr(p, t)[0]
            except ValueError:
                r = float("nan")
            rmse = np.sqrt(np.mean((p - t) ** 2)) if n else float("nan")
            mae = np.mean(np.abs(p - t)) if n else float("nan")
            # Top-k: stable sort by value descending keeps the lower index first among equal values.
            kk = min(n, max(1, int(np.ceil(n * percent / 100 - 1e-9 * max(1.0, n * percent / 100))))) if n else 0
            top_true = set(np.argsort(-t, kind="stable")[:kk].tolist())
            top_pred = set(np.argsort(-p, kind="stable")[:kk].tolist())
            topk = len(top_true & top_pred) / kk if kk and not (np.isnan(p).any() or np.isnan(t).any()) else float("nan")
            print(" ".join(repr(float(v)) for v in (k, s, r, rmse, mae, topk)))
        """;

    public static IReadOnlyList<ReferenceMetrics> Compute(IReadOnlyList<(double[] Predicted, double[] Truth)> cases, double topKPercent = 10)
    {
        var path = Python.WriteDoubles(cases.SelectMany(c => new[] { c.Predicted, c.Truth }));
        try
        {
            var output = Python.RunScript(Script, path, string.Join(",", cases.Select(c => c.Predicted.Length)),
                topKPercent.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(cases.Count, lines.Length);
            return lines.Select(line =>
            {
                var v = line.Split(' ').Select(Python.ParseRepr).ToArray();
                return new ReferenceMetrics(v[0], v[1], v[2], v[3], v[4], v[5]);
            }).ToList();
        }
        finally { File.Delete(path); }
    }
}
