using System.Diagnostics;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Data;
using NasArena.Supernet.Spaces;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasArena.Supernet.Evaluation;

/// <summary>
/// A subnet's top-1 accuracy and mean cross-entropy loss on the evaluation data, and how many evaluation samples got a
/// non-finite logit (NaN or infinity: the supernet's weights overflow float32 for this subnet; accuracy and loss then
/// mean nothing, and the scorer refuses to rank it).
/// </summary>
public sealed record SubnetResult(double Accuracy, double Loss, int NonFiniteSamples = 0);

/// <summary>Time spent per subnet: work beyond forward passes (cutting weights, resetting and folding BN, returning freed memory), calibrating, evaluating.</summary>
public sealed record SubnetTimings(TimeSpan Extraction, TimeSpan Calibration, TimeSpan Evaluation);

/// <summary>
/// Evaluates subnets of one loaded supernet on fixed data. The data is cut into batches and moved to the device once;
/// each subnet runs in its own dispose scope, so memory does not grow with the number of architectures.
/// </summary>
public sealed class SubnetEvaluator : IDisposable
{
    readonly SearchSpace space;
    readonly SupernetWeights weights;
    readonly List<(Tensor X, Tensor Y)> evalBatches;
    readonly List<Tensor> calibrationBatches;
    readonly int evalCount;
    const int TrimEvery = 8;
    int evaluated;

    /// <param name="calibration">Calibration data; its first <paramref name="calibrationBatches"/> batches of <paramref name="batchSize"/> are used, in order.</param>
    public SubnetEvaluator(SearchSpace space, SupernetWeights weights, LabelledData eval, LabelledData? calibration,
        int calibrationBatches, int batchSize, Device device)
    {
        this.space = space;
        this.weights = weights;
        evalCount = eval.Count;
        evalBatches = Batches(eval, batchSize, eval.Count / batchSize + (eval.Count % batchSize > 0 ? 1 : 0), device)
            .Select(b => (b.X, b.Y)).ToList();
        this.calibrationBatches = [];
        if (calibrationBatches > 0)
        {
            if (calibration is null || calibration.Count < (long)calibrationBatches * batchSize)
                throw new ArgumentException(
                    $"BN calibration needs {calibrationBatches} batches of {batchSize} samples but the calibration data holds {calibration?.Count ?? 0}.");
            foreach (var (x, y) in Batches(calibration, batchSize, calibrationBatches, device))
            {
                y.Dispose();
                this.calibrationBatches.Add(x);
            }
        }
    }

    public SubnetResult Evaluate(Architecture arch) => Evaluate(arch, out _);

    public SubnetResult Evaluate(Architecture arch, out SubnetTimings timings)
    {
        var result = EvaluateInScope(arch, out timings);
        // After the scope freed the subnet's tensors; counted as work beyond forward passes. Every TrimEvery subnets:
        // trimming after each one cost about 2% of the evaluation time (it also makes the next buffers fault in again).
        if (++evaluated % TrimEvery == 0)
        {
            var clock = Stopwatch.StartNew();
            NativeMemory.Trim();
            timings = timings with { Extraction = timings.Extraction + clock.Elapsed };
        }
        return result;
    }

    SubnetResult EvaluateInScope(Architecture arch, out SubnetTimings timings)
    {
        long correct = 0, nonFinite = 0;
        double lossSum = 0;
        timings = Run(arch, (logits, y) =>
        {
            nonFinite += logits.isfinite().all(1).logical_not().sum().item<long>();
            // Summed in float64: a batch of large but finite per-sample losses cannot overflow to infinity.
            lossSum += F.cross_entropy(logits.to(ScalarType.Float64), y, reduction: nn.Reduction.Sum).item<double>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        });
        return new SubnetResult((double)correct / evalCount, lossSum / evalCount, (int)nonFinite);
    }

    /// <summary>The subnet's logits on every evaluation sample, row-major (samples x classes): for parity checks.</summary>
    public float[] Logits(Architecture arch)
    {
        var rows = new List<float>(evalCount * space.NumClasses);
        Run(arch, (logits, _) => rows.AddRange(logits.cpu().data<float>().ToArray()));
        NativeMemory.Trim();
        return [.. rows];
    }

    /// <summary>Cuts the subnet, calibrates and folds BN, then hands each evaluation batch's logits to <paramref name="onBatch"/>.</summary>
    SubnetTimings Run(Architecture arch, Action<Tensor, Tensor> onBatch)
    {
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        var subnet = new Subnet(space, weights, arch, resetBnStatistics: calibrationBatches.Count > 0);
        var extraction = clock.Elapsed;

        for (int b = 0; b < calibrationBatches.Count; b++)
        {
            using var batchScope = NewDisposeScope();
            subnet.Forward(calibrationBatches[b], calibrationMomentum: 1.0 / (b + 1));
        }
        var calibrated = clock.Elapsed;
        subnet.FoldBatchNorm();
        var folded = clock.Elapsed;

        foreach (var (x, y) in evalBatches)
        {
            using var batchScope = NewDisposeScope();
            onBatch(subnet.Forward(x), y);
        }
        return new SubnetTimings(extraction + (folded - calibrated), calibrated - extraction, clock.Elapsed - folded);
    }

    static IEnumerable<(Tensor X, Tensor Y)> Batches(LabelledData data, int batchSize, int count, Device device)
    {
        long sample = data.XShape[1] * data.XShape[2] * data.XShape[3];
        for (int b = 0; b < count; b++)
        {
            int start = b * batchSize, n = Math.Min(batchSize, data.Count - start);
            var x = tensor(data.X.AsSpan((int)(start * sample), (int)(n * sample)).ToArray(), [n, data.XShape[1], data.XShape[2], data.XShape[3]]);
            var y = tensor(data.Y.AsSpan(start, n).ToArray(), [n]);
            yield return (x.to(device), y.to(device));
        }
    }

    public void Dispose()
    {
        foreach (var (x, y) in evalBatches) { x.Dispose(); y.Dispose(); }
        foreach (var x in calibrationBatches) x.Dispose();
    }
}
