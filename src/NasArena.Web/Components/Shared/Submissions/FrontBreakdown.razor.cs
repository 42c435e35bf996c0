using NasArena.Web.Components.Shared.Charts;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;

namespace NasArena.Web.Components.Shared.Submissions;

/// <summary>Plots a scored front (details of NasArena.MultiObjective.FrontScore) as plain SVG on the server.</summary>
public partial class FrontBreakdown
{
    private const int W = 640, H = 400, L = 64, R = 28, T = 12, B = 44;

    [Parameter, EditorRequired] public JsonNode? Details { get; set; }

    public sealed record Point(string Arch, double Accuracy, double Cost, bool Dominated);

    private List<Point> _submitted = [];
    private List<Point> _trueFront = [];
    private string? _space, _costUnit, _device;
    private int? _latencyVersion;
    private double? _budget;
    private double _x0, _x1, _y0, _y1;

    protected override void OnParametersSet()
    {
        _submitted = Points(Details?["submitted"]);
        _trueFront = Points(Details?["trueFront"]);
        _space = Details?["space"]?.ToString();
        _costUnit = Details?["costUnit"]?.ToString() ?? "cost";
        _device = Details?["latencyDevice"]?.ToString();
        _latencyVersion = Details?["latencyTableVersion"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        _budget = Details?["budget"] is JsonValue b && b.TryGetValue<double>(out var d) ? d : null;
        var all = _submitted.Concat(_trueFront).ToList();
        (_x0, _x1) = Range(all.Select(p => p.Cost));
        (_y0, _y1) = Range(all.Select(p => p.Accuracy));
    }

    /// <summary>details.submitted / details.trueFront: [{ arch, accuracy, cost, dominated? }].</summary>
    public static List<Point> Points(JsonNode? list) => list is JsonArray a
        ? a.OfType<JsonObject>().Select(p => new Point(p["arch"]?.ToString() ?? "?", Num(p["accuracy"]), Num(p["cost"]),
            p["dominated"] is JsonValue d && d.TryGetValue<bool>(out var b) && b)).ToList()
        : [];

    /// <summary>Parameters and FLOPs are whole counts ("10,718"); latencies keep their decimals.</summary>
    private static string Cost(double? v) =>
        v is { } d && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("N0", CultureInfo.InvariantCulture) : SubmissionText.Number(v);

    private static double Num(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;

    private static (double, double) Range(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0) return (0, 1);
        double lo = list.Min(), hi = list.Max();
        var pad = hi > lo ? (hi - lo) * 0.06 : Math.Max(Math.Abs(lo) * 0.05, 0.5);
        return (lo - pad, hi + pad);
    }

    /// <summary>A front as a staircase: sorted by cost, each point holds its accuracy until the next, cheaper-to-dearer.</summary>
    private string Steps(List<Point> front)
    {
        var sorted = front.OrderBy(p => p.Cost).ThenByDescending(p => p.Accuracy).ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (i > 0) parts.Add($"{F(Px(sorted[i].Cost))},{F(Py(sorted[i - 1].Accuracy))}");
            parts.Add($"{F(Px(sorted[i].Cost))},{F(Py(sorted[i].Accuracy))}");
        }
        return string.Join(" ", parts);
    }

    private double Px(double x) => L + (x - _x0) / (_x1 - _x0) * (W - L - R);
    private double Py(double y) => H - B - (y - _y0) / (_y1 - _y0) * (H - T - B);

    private static IEnumerable<double> Ticks(double lo, double hi) => ChartAxis.Ticks(lo, hi);

    private static string F(double v) => ChartAxis.Svg(v);
    /// <summary>Parameter and FLOP ticks as whole counts ("12,000", not "1.2E+04"); small values as they are.</summary>
    private static string Tick(double v) =>
        Math.Abs(v) < 1e-12 ? "0" : Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);
}
