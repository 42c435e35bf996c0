using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace NasArena.Scoring.Metrics;

/// <summary>
/// The bootstrap's resample indices, from a generator simple enough to write again in numpy (the golden test does):
/// SplitMix64 used counter-style. Output k (0-based) of the stream seeded with s is mix(s + (k+1)·γ) mod 2⁶⁴, with
/// γ = 0x9E3779B97F4A7C15 and mix the SplitMix64 finalizer; position i of resample b of n items is output k = b·n + i,
/// mapped to an index by ((output ≫ 32) · n) ≫ 32 (Lemire's multiply-shift on the high 32 bits). Counter-based, so
/// resamples are independent of one another and of the thread that draws them.
/// </summary>
public static class ResampleIndices
{
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The n indices of resample <paramref name="resample"/>, each in [0, n), written to <paramref name="indices"/> (n long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ulong seed, int resample, Span<int> indices)
    {
        int n = indices.Length;
        ulong state = seed + (ulong)resample * (ulong)n * Gamma;
        for (int i = 0; i < n; i++)
        {
            state += Gamma;
            indices[i] = (int)(((Mix(state) >> 32) * (ulong)n) >> 32);
        }
    }

    /// <summary>A seed from text (e.g. "nasarena/bootstrap/v1/{phase id}/public"): the first 8 bytes of its SHA-256, little-endian.</summary>
    public static ulong SeedOf(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
}
