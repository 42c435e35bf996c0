using System.Globalization;
using System.Text;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>
/// Three teams whose order by top-k precision flips when the track's top-k share goes from 10 % to 2 % (the rescore diff's
/// tests, API and browser). Predictions by position in the true order of the 154 public architectures of Track 2 (0 = truly
/// best; no two share an accuracy among the best 20): the given positions first, in that order, then the others. With k = 16
/// (10 %) and k = 4 (2 %): Alpha (true best 4 first, the rest reversed) 0.25 then 1; Bravo (true best 4 last) 0.75 then 0;
/// Charlie (best 2, then from the 5th on, the 3rd and 4th last) 0.875 then 0.5. Private architectures get their true accuracy.
/// </summary>
public static class TopKFlip
{
    public static readonly Func<int, int[]> Alpha = n => [.. Enumerable.Range(0, 4), .. Enumerable.Range(4, n - 4).Reverse()];
    public static readonly Func<int, int[]> Bravo = n => [.. Enumerable.Range(4, n - 4), .. Enumerable.Range(0, 4)];
    public static readonly Func<int, int[]> Charlie = n => [0, 1, .. Enumerable.Range(4, n - 4), 2, 3];

    /// <summary>Each team's public top-k precision at 10 % and at 2 %, and its rank on the board at each.</summary>
    public static readonly (string Team, Func<int, int[]> Order, double At10, double At2, int RankAt10, int RankAt2)[] Teams =
    [
        ("Alpha", Alpha, 0.25, 1.0, 3, 1), ("Bravo", Bravo, 0.75, 0.0, 2, 3), ("Charlie", Charlie, 0.875, 0.5, 1, 2),
    ];

    public static byte[] Csv(IReadOnlyList<(string Id, double Acc, bool Private)> querySet, Func<int, int[]> order)
    {
        var truth = querySet.Where(q => !q.Private).OrderByDescending(q => q.Acc).ToList();
        var positions = order(truth.Count);
        var csv = new StringBuilder("arch_id,prediction\n");
        for (var i = 0; i < positions.Length; i++)
        {
            csv.Append(truth[positions[i]].Id).Append(',').Append((1 - i / 1000.0).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        foreach (var (id, acc, _) in querySet.Where(q => q.Private))
        {
            csv.Append(id).Append(',').Append(acc.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
