using System.Globalization;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Leaderboards;

namespace NasArena.Web.Components.Shared.Charts;

/// <summary>The geometry of <c>ProgressChart</c>: a fixed view box that the browser scales to the width it has (375 px too).</summary>
public sealed partial class ProgressChart
{
    private const int W = 640, H = 340, L = 64, R = 18, T = 12, B = 50;

    // Tableau 10: ten hues told apart on white, and mostly apart for the common colour-vision deficiencies.
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    private static readonly TimeSpan[] TimeSteps =
        [TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
         TimeSpan.FromDays(2), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30), TimeSpan.FromDays(91), TimeSpan.FromDays(365)];

    [Parameter, EditorRequired] public BoardProgress Progress { get; set; } = null!;

    private string _id = "";
    private DateTimeOffset _t0, _t1;
    private double _y0, _y1;
    private TimeSpan _timeStep;

    private string YTitle => $"{Progress.PrimaryMetric} ({(Progress.HigherIsBetter ? "↑ higher" : "↓ lower")} is better)";

    private string Description
    {
        get
        {
            var leader = Progress.Teams.FirstOrDefault(t => t.Steps.Count > 0);
            var lead = leader is null ? "" : $" The leader, {leader.TeamName}, reached {Number(leader.Steps[^1].Best)} at {Utc(leader.Steps[^1].At)}.";
            return $"A step line per team of its best {Progress.PrimaryMetric} so far ({(Progress.HigherIsBetter ? "higher" : "lower")} is better), " +
                $"from {Utc(_t0)} to {Utc(_t1)}; dashed lines are the baselines.{lead} The table below lists every step.";
        }
    }

    protected override void OnParametersSet()
    {
        // Stable across prerendering and the interactive render, and unique per board on the page.
        _id = $"progress-{Progress.PhaseId:N}-{Progress.Board.ToString().ToLowerInvariant()}";
        var steps = Progress.Teams.SelectMany(t => t.Steps).ToList();
        (_t0, _t1) = steps.Count == 0 ? (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)) : (steps.Min(s => s.At), steps.Max(s => s.At));
        if (_t1 - _t0 < TimeSpan.FromHours(1))
        {
            // A single moment (one submission) still needs a width to draw on.
            (_t0, _t1) = (_t0.AddMinutes(-30), _t1.AddMinutes(30));
        }
        var span = _t1 - _t0;
        (_t0, _t1) = (_t0 - span * 0.03, _t1 + span * 0.03);
        _timeStep = TimeSteps.FirstOrDefault(s => (_t1 - _t0) / s <= 6, TimeSteps[^1]);
        (_y0, _y1) = Range(steps.Select(s => s.Best).Concat(Progress.Baselines.Select(b => b.Value)).ToList());
    }

    private static (double, double) Range(List<double> values)
    {
        if (values.Count == 0) return (0, 1);
        double lo = values.Min(), hi = values.Max();
        var pad = hi > lo ? (hi - lo) * 0.08 : Math.Max(Math.Abs(lo) * 0.05, 0.5);
        return (lo - pad, hi + pad);
    }

    private double Px(DateTimeOffset at) => L + (at - _t0) / (_t1 - _t0) * (W - L - R);
    private double Py(double y) => H - B - (y - _y0) / (_y1 - _y0) * (H - T - B);

    /// <summary>Horizontal until the next improvement, then up (or down); the best holds to the chart's end.</summary>
    private string StepPath(TeamProgress team)
    {
        var d = new System.Text.StringBuilder($"M{F(Px(team.Steps[0].At))},{F(Py(team.Steps[0].Best))}");
        foreach (var s in team.Steps.Skip(1))
        {
            d.Append($" H{F(Px(s.At))} V{F(Py(s.Best))}");
        }
        return d.Append($" H{W - R}").ToString();
    }

    /// <summary>Whole UTC hours or days: ticks fall on times a reader can say aloud.</summary>
    private IEnumerable<DateTimeOffset> TimeTicks()
    {
        var first = new DateTimeOffset((_t0.UtcTicks + _timeStep.Ticks - 1) / _timeStep.Ticks * _timeStep.Ticks, TimeSpan.Zero);
        for (var t = first; t <= _t1; t += _timeStep) yield return t;
    }

    private string TimeTick(DateTimeOffset t) =>
        t.UtcDateTime.ToString(_timeStep < TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private IEnumerable<double> ValueTicks()
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10((_y1 - _y0) / 5)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
        {
            if ((_y1 - _y0) / (step * m) <= 6) { step *= m; break; }
        }
        for (var t = Math.Ceiling(_y0 / step) * step; t <= _y1; t += step) yield return t;
    }

    private static string Color(int i) => Palette[i % Palette.Length];
    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string ValueTick(double v) => Math.Abs(v) < 1e-12 ? "0" : v.ToString("G4", CultureInfo.InvariantCulture);
    private static string Number(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
