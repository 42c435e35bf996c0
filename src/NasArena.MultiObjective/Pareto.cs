namespace NasArena.MultiObjective;

/// <summary>A point of a two-objective minimisation problem (here: normalised error and normalised cost).</summary>
public readonly record struct Point2(double X, double Y);

/// <summary>
/// Pareto fronts of two minimised objectives: non-dominated filtering, the exact 2-D hypervolume (sort and sweep) and
/// the inverted generational distance. Each is compared in tests with a brute-force numpy computation to 1e-12.
/// </summary>
public static class Pareto
{
    /// <summary>a dominates b: no worse in both objectives and better in one (equal points do not dominate each other).</summary>
    public static bool Dominates(Point2 a, Point2 b) => a.X <= b.X && a.Y <= b.Y && (a.X < b.X || a.Y < b.Y);

    /// <summary>For each point, whether another point of the set dominates it. Quadratic: sets hold at most a table's size.</summary>
    public static bool[] Dominated(IReadOnlyList<Point2> points)
    {
        var dominated = new bool[points.Count];
        for (int i = 0; i < points.Count; i++)
            for (int j = 0; j < points.Count && !dominated[i]; j++)
                dominated[i] = j != i && Dominates(points[j], points[i]);
        return dominated;
    }

    /// <summary>
    /// The area dominated by the points and bounded by the reference point (points not strictly better than the
    /// reference in both objectives add nothing). Sorted by X then Y, each point that lowers the best Y so far adds the
    /// rectangle from its X to the reference's X between the previous best Y and its own: exact, O(n log n).
    /// </summary>
    public static double Hypervolume(IEnumerable<Point2> points, Point2 reference)
    {
        var inside = points.Where(p => p.X < reference.X && p.Y < reference.Y)
            .OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        double volume = 0, bestY = reference.Y;
        foreach (var p in inside)
        {
            if (p.Y >= bestY) continue;
            volume += (reference.X - p.X) * (bestY - p.Y);
            bestY = p.Y;
        }
        return volume;
    }

    /// <summary>The mean, over the true front's points, of the Euclidean distance to the nearest submitted point.</summary>
    public static double InvertedGenerationalDistance(IReadOnlyList<Point2> trueFront, IReadOnlyList<Point2> submitted)
    {
        if (trueFront.Count == 0 || submitted.Count == 0) throw new ArgumentException("IGD needs two non-empty sets.");
        double sum = 0;
        foreach (var t in trueFront)
        {
            double best = double.PositiveInfinity;
            foreach (var s in submitted)
            {
                double dx = t.X - s.X, dy = t.Y - s.Y;
                best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy));
            }
            sum += best;
        }
        return sum / trueFront.Count;
    }
}
