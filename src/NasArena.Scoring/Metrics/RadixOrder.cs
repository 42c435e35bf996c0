using System.Runtime.CompilerServices;

namespace NasArena.Scoring.Metrics;

/// <summary>
/// The sorting order of doubles by a stable LSD radix sort (8 passes of one byte, passes on a byte that all
/// keys share skipped). Faster than Array.Sort for the 10⁵-element arrays scoring sorts, and stable, so that
/// equal values keep their index order, which top-k precision's tie rule relies on.
/// </summary>
static class RadixOrder
{
    /// <summary>
    /// Indices of <paramref name="values"/> in ascending order (descending when asked); equal values, -0.0 and 0.0
    /// included, stay in index order either way. The values must hold no NaN (callers return NaN before sorting).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Of(ReadOnlySpan<double> values, bool descending = false)
    {
        int n = values.Length;
        var keys = new ulong[n];
        var order = new int[n];
        ulong flip = descending ? ulong.MaxValue : 0;
        var counts = new int[8 * 256];
        for (int i = 0; i < n; i++)
        {
            ulong key = SortableBits(values[i] + 0.0) ^ flip; // + 0.0 turns -0.0 into 0.0
            keys[i] = key;
            order[i] = i;
            for (int b = 0; b < 8; b++) counts[(b << 8) | (int)((key >> (8 * b)) & 0xFF)]++;
        }
        if (n < 2) return order;

        var keysOut = new ulong[n];
        var orderOut = new int[n];
        var offsets = new int[256];
        for (int b = 0; b < 8; b++)
        {
            int shift = 8 * b;
            var digitCounts = counts.AsSpan(b << 8, 256);
            if (digitCounts[(int)((keys[0] >> shift) & 0xFF)] == n) continue; // every key has this byte
            int sum = 0;
            for (int d = 0; d < 256; d++) { offsets[d] = sum; sum += digitCounts[d]; }
            for (int i = 0; i < n; i++)
            {
                ulong key = keys[i];
                int at = offsets[(int)((key >> shift) & 0xFF)]++;
                keysOut[at] = key;
                orderOut[at] = order[i];
            }
            (keys, keysOut) = (keysOut, keys);
            (order, orderOut) = (orderOut, order);
        }
        return order;
    }

    /// <summary>IEEE bits mapped so that unsigned integer order is numeric order.</summary>
    static ulong SortableBits(double v)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(v);
        return (long)bits < 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }
}
