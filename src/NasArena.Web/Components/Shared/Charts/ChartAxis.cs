using System.Globalization;

namespace NasArena.Web.Components.Shared.Charts;

/// <summary>What every SVG chart of the site computes the same way: round tick values, and coordinates as SVG text.</summary>
public static class ChartAxis
{
    /// <summary>Ticks at 1, 2 or 5 times a power of ten, at most six across [lo, hi].</summary>
    public static IEnumerable<double> Ticks(double lo, double hi)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10((hi - lo) / 5)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
        {
            if ((hi - lo) / (step * m) <= 6)
            {
                step *= m;
                break;
            }
        }
        for (var t = Math.Ceiling(lo / step) * step; t <= hi; t += step)
        {
            yield return t;
        }
    }

    /// <summary>A pixel coordinate for an SVG attribute: one decimal, invariant culture.</summary>
    public static string Svg(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
