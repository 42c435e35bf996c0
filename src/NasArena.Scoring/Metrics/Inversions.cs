using System.Runtime.CompilerServices;
namespace NasArena.Scoring.Metrics;

/// <summary>Counts strict inversions (i &lt; j with a[i] &gt; a[j]) by an iterative merge sort; sorts the array.</summary>
static class Inversions
{
    // Short runs are cheaper to sort by insertion; each shift of insertion sort is exactly one inversion.
    const int RunLength = 32;

    public static long Count(int[] a) => Count(a, new int[a.Length], a.Length);

    /// <summary>Counts the inversions of a[0..n), using <paramref name="scratch"/> (at least n long) as the merge buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count(int[] a, int[] scratch, int n)
    {
        long inversions = 0;
        for (int lo = 0; lo < n; lo += RunLength)
        {
            int hi = Math.Min(lo + RunLength, n);
            for (int i = lo + 1; i < hi; i++)
            {
                int v = a[i], j = i;
                while (j > lo && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
                a[j] = v;
                inversions += i - j;
            }
        }

        var src = a;
        var dst = scratch;
        for (int width = RunLength; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                inversions += Merge(src, dst, lo, mid, hi);
            }
            (src, dst) = (dst, src);
        }
        if (!ReferenceEquals(src, a)) Array.Copy(src, a, n);
        return inversions;
    }

    /// <summary>
    /// Counts the inversions of a[0..n) whose values lie in [0, range) with a Fenwick tree over the values (left as is):
    /// O(n log range) on a tree that stays in cache, faster than merging when the values are few (tied accuracies).
    /// <paramref name="tree"/> must be at least range + 1 long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountFewValues(int[] a, int n, int range, int[] tree)
    {
        Array.Clear(tree, 0, range + 1);
        long inversions = 0;
        for (int i = 0; i < n; i++)
        {
            // Earlier values greater than a[i] = i minus the earlier values at most a[i].
            int notGreater = 0;
            for (int k = a[i] + 1; k > 0; k -= k & -k) notGreater += tree[k];
            inversions += i - notGreater;
            for (int k = a[i] + 1; k <= range; k += k & -k) tree[k]++;
        }
        return inversions;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static long Merge(int[] src, int[] dst, int lo, int mid, int hi)
    {
        long inversions = 0;
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            // Equal values are not inverted: take from the left first.
            if (src[j] < src[i]) { inversions += mid - i; dst[k++] = src[j++]; }
            else dst[k++] = src[i++];
        }
        if (i < mid) Array.Copy(src, i, dst, k, mid - i);
        else if (j < hi) Array.Copy(src, j, dst, k, hi - j);
        return inversions;
    }
}
