using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace NasArena.Web.Components.Shared.Charts;

public sealed partial class Scatter
{
    private const int W = 640, H = 400, L = 56, R = 16, T = 12, B = 44;

    [Parameter, EditorRequired] public IReadOnlyList<(double X, double Y)> Points { get; set; } = [];
    [Parameter, EditorRequired] public string Label { get; set; } = "";
    [Parameter] public string XTitle { get; set; } = "";
    [Parameter] public string YTitle { get; set; } = "";
    [Parameter] public bool Diagonal { get; set; }

    private double _x0, _x1, _y0, _y1;
    private double Radius => Points.Count > 2000 ? 1.5 : Points.Count > 300 ? 2.5 : 4;

    protected override void OnParametersSet()
    {
        var finite = Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        (_x0, _x1) = Range(finite.Select(p => p.X));
        (_y0, _y1) = Range(finite.Select(p => p.Y));
        if (Diagonal)
        {
            // One scale for both axes, so that y = x is the diagonal and distance from it reads the same both ways.
            (_x0, _x1) = (_y0, _y1) = (Math.Min(_x0, _y0), Math.Max(_x1, _y1));
        }
    }

    private static (double, double) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        double lo = list.Min(), hi = list.Max();
        var pad = hi > lo ? (hi - lo) * 0.05 : Math.Max(Math.Abs(lo) * 0.05, 0.5);
        return (lo - pad, hi + pad);
    }

    private double Px(double x) => L + (x - _x0) / (_x1 - _x0) * (W - L - R);
    private double Py(double y) => H - B - (y - _y0) / (_y1 - _y0) * (H - T - B);

    private static IEnumerable<double> Ticks(double lo, double hi) => ChartAxis.Ticks(lo, hi);

    private static string F(double v) => ChartAxis.Svg(v);
    private static string Tick(double v) => Math.Abs(v) < 1e-12 ? "0" : v.ToString("G4", CultureInfo.InvariantCulture);
}
