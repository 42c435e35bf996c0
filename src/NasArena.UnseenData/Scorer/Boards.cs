using System.Security.Cryptography;
using System.Text;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Scorer;

/// <summary>Which leaderboard a data set counts on (track setting "datasetBoards", by codename).</summary>
public enum DatasetBoard
{
    Both,
    Public,
    Private,
}

/// <summary>
/// The public/private split of an unseen-data phase: whole data sets assigned to one board, and, for data sets without
/// a test_private_mask.npy, a split of their test items drawn from the organizer's seed (the same on every worker and
/// every rerun, unknown to participants who do not know the seed).
/// </summary>
public static class Boards
{
    public static DatasetBoard Of(UnseenDataSettings s, string codename) =>
        s.DatasetBoards.TryGetValue(codename, out var board) ? board : DatasetBoard.Both;

    public static bool CountsOnPublic(this DatasetBoard b) => b != DatasetBoard.Private;

    public static bool CountsOnPrivate(this DatasetBoard b) => b != DatasetBoard.Public;

    /// <summary>Settings naming a data set the phase does not have are the organizer's mistake, and said so.</summary>
    public static void CheckCodenames(UnseenDataSettings s, IEnumerable<string> codenames)
    {
        var known = codenames.ToHashSet(StringComparer.Ordinal);
        var unknown = s.DatasetBoards.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ScoringConfigurationException($"Track setting 'datasetBoards' names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, " +
                $"which no data set of the phase has (codenames: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
    }

    /// <summary>
    /// 0 = public, 1 = private for each of n test items: the round(fraction * n) items with the smallest
    /// SHA-256(seed/codename/index) are private.
    /// </summary>
    public static long[] SplitMask(string seed, string codename, int n, double fraction)
    {
        var keys = new (ulong Key, int Index)[n];
        for (int i = 0; i < n; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{codename}/{i}"));
            keys[i] = (BitConverter.ToUInt64(hash, 0), i);
        }
        Array.Sort(keys);
        var mask = new long[n];
        int take = (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero);
        for (int k = 0; k < take; k++) mask[keys[k].Index] = 1;
        return mask;
    }
}
