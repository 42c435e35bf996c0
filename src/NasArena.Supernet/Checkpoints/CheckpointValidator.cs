using NasArena.Supernet.Spaces;
using TorchSharp;

namespace NasArena.Supernet.Checkpoints;

/// <summary>
/// Checks what a checkpoint declares against the space's largest network, before anything is loaded
/// (PyBridge would silently load a tensor that is too small). Names every fault, up to a limit.
/// </summary>
public static class CheckpointValidator
{
    const int MaxFaultsShown = 8;

    public static void CheckDeclared(SearchSpace space, IReadOnlyList<CheckpointTensor> declared)
    {
        var expected = space.LargestNetworkTensors();
        var expectedByKey = expected.ToDictionary(e => e.Key);
        var declaredByKey = new Dictionary<string, CheckpointTensor>();
        var faults = new List<string>();
        foreach (var d in declared)
            if (!declaredByKey.TryAdd(d.Key, d)) faults.Add($"key '{d.Key}' occurs twice");

        var missing = expected.Where(e => !e.Optional && !declaredByKey.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var extra = declared.Select(d => d.Key).Where(k => !expectedByKey.ContainsKey(k)).Distinct().ToList();
        foreach (var key in extra)
        {
            var guess = Closest(key, missing);
            if (guess is not null)
            {
                faults.Add($"unexpected key '{key}' (did you mean '{guess}'?)");
                missing.Remove(guess);
            }
            else faults.Add($"unexpected key '{key}'");
        }
        faults.AddRange(missing.Select(k => $"missing key '{k}'"));

        foreach (var d in declared)
        {
            if (!expectedByKey.TryGetValue(d.Key, out var e)) continue;
            var wantDType = e.DType == TensorDType.Float32 ? "F32" : "I64";
            if (d.DType != wantDType) faults.Add($"'{d.Key}' has dtype {d.DType}; expected {wantDType}");
            if (!d.Shape.SequenceEqual(e.Shape))
            {
                var how = d.Shape.Length != e.Shape.Length ? "wrong number of dimensions"
                    : d.Shape.Zip(e.Shape).All(p => p.First <= p.Second) ? "too small"
                    : d.Shape.Zip(e.Shape).All(p => p.First >= p.Second) ? "too large" : "wrong shape";
                faults.Add($"'{d.Key}' has shape [{string.Join(", ", d.Shape)}]; the largest network of {space.Name} needs [{string.Join(", ", e.Shape)}] ({how})");
            }
        }
        if (faults.Count > 0)
            throw new CheckpointException(
                $"The checkpoint does not fit the {space.Name} space's largest network: {string.Join("; ", faults.Take(MaxFaultsShown))}"
                + (faults.Count > MaxFaultsShown ? $"; and {faults.Count - MaxFaultsShown} more faults." : "."));
    }

    /// <summary>Rejects NaN and infinite values, naming the first tensor that holds one.</summary>
    public static void CheckFinite(IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        foreach (var (key, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!t.is_floating_point()) continue;
            using var finite = torch.isfinite(t).all();
            if (!finite.item<bool>()) throw new CheckpointException($"Tensor '{key}' holds NaN or infinite values.");
        }
    }

    static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null; int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Levenshtein(key, c);
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        return best is not null && bestDistance <= Math.Max(2, key.Length / 5) ? best : null;
    }

    static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1]; var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
