using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.MultiObjective;

/// <summary>The figures of one front against the table, and what the submission page plots.</summary>
public sealed record FrontScore(
    double HypervolumeRatio, double Igd, double AccuracyUnderBudget, double Budget,
    IReadOnlyList<int> Submitted, IReadOnlyList<bool> SubmittedDominated, IReadOnlyList<int> TrueFront, IReadOnlyList<double> Costs)
{
    /// <summary>Every table architecture's cost in the setting's unit.</summary>
    public static double[] CostsOf(BenchmarkTable table, FrontSettings settings, LatencyTable? latency) =>
        [.. Enumerable.Range(0, table.Count).Select(i => settings.Cost switch
        {
            "params" => (double)settings.Space.Parameters(table.Widths[i]),
            "flops" => settings.Space.Flops(table.Widths[i]),
            _ => latency!.LatencyMs[table.Architectures[i]],
        })];

    public static FrontScore Compute(BenchmarkTable table, IReadOnlyList<int> submitted, FrontSettings settings, LatencyTable? latency)
    {
        var costs = CostsOf(table, settings, latency);
        var errors = table.Accuracies.Select(a => 1 - a).ToArray();
        var (eMin, eMax) = (errors.Min(), errors.Max());
        var (cMin, cMax) = (costs.Min(), costs.Max());
        if (cMax == cMin)
            throw new ScoringConfigurationException($"Every architecture of the benchmark table has the same cost ({cMin} {settings.CostUnit}); cost cannot be normalised.");
        Point2 At(int i) => new((errors[i] - eMin) / (eMax - eMin), (costs[i] - cMin) / (cMax - cMin));

        var all = Enumerable.Range(0, table.Count).Select(At).ToList();
        var dominatedInTable = Pareto.Dominated(all);
        var trueFront = Enumerable.Range(0, table.Count).Where(i => !dominatedInTable[i]).ToList();
        double trueVolume = Pareto.Hypervolume(trueFront.Select(At), settings.Reference);
        if (trueVolume <= 0)
            throw new ScoringConfigurationException($"The reference point ({settings.Reference.X}, {settings.Reference.Y}) bounds no point of the table's true front; its hypervolume is 0.");
        var points = submitted.Select(At).ToList();
        double budget = settings.CostBudget ?? Median(costs);
        var underBudget = submitted.Where(i => costs[i] <= budget).Select(i => table.Accuracies[i]).ToList();
        return new FrontScore(
            Pareto.Hypervolume(points, settings.Reference) / trueVolume,
            Pareto.InvertedGenerationalDistance([.. trueFront.Select(At)], points),
            underBudget.Count > 0 ? underBudget.Max() : 0,
            budget, submitted, Pareto.Dominated(points), trueFront, costs);
    }

    /// <summary>The middle cost, or the mean of the two middle ones (numpy.median).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>
    /// The page's data: each submitted architecture with its accuracy and cost and whether the front's other points dominate
    /// it. The table's true front (its hidden accuracies) only where the organizer shows it (setting showTrueFront, ADR 0048).
    /// </summary>
    public string DetailsJson(BenchmarkTable table, FrontSettings settings, (string Device, int Version)? latency) =>
        JsonSerializer.Serialize(new
        {
            space = settings.Space.Name,
            cost = settings.Cost,
            costUnit = settings.CostUnit,
            budget = Budget,
            referencePoint = new[] { settings.Reference.X, settings.Reference.Y },
            latencyDevice = latency?.Device,
            latencyTableVersion = latency?.Version,
            submitted = Submitted.Select((i, k) => new { arch = table.Architectures[i], accuracy = table.Accuracies[i], cost = Costs[i], dominated = SubmittedDominated[k] }),
            trueFront = settings.ShowTrueFront
                ? TrueFront.Select(i => new { arch = table.Architectures[i], accuracy = table.Accuracies[i], cost = Costs[i] })
                : null,
        });
}
