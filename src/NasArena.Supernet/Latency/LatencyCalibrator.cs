using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Evaluation;
using NasArena.Supernet.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace NasArena.Supernet.Latency;

/// <summary>
/// Times every architecture of a benchmark table as the stand-alone network the supernet evaluator builds
/// (<see cref="Subnet"/>, BN folded as at evaluation): random weights of the largest network cut to each architecture,
/// warm-up passes, then <see cref="LatencyCalibrationOptions.Repeats"/> timed passes at batch 1 and at batch N. Weights do
/// not change the work of a dense conv net, so no checkpoint is needed. The median is the table's figure; the IQR, the
/// device (CPU model and threads, CUDA card) and the TorchSharp version are its provenance (ADR 0048).
/// </summary>
public sealed class LatencyCalibrator : ILatencyCalibrator
{
    public string Calibrate(string spaceName, IReadOnlyList<string> architectures, LatencyCalibrationOptions options, CancellationToken ct)
    {
        if (options.Repeats < 1 || options.Warmup < 0 || options.BatchN < 2)
            throw new ScoringConfigurationException($"Calibration needs repeats >= 1, warm-up >= 0 and batch N >= 2; got {options.Repeats}, {options.Warmup}, {options.BatchN}.");
        var space = SearchSpaces.Get(spaceName);
        TorchRuntime.Configure(options.Threads);
        var device = TorchRuntime.Device;
        bool cuda = device.type == DeviceType.CUDA;
        var b1 = new Dictionary<string, double>(StringComparer.Ordinal);
        var bN = new Dictionary<string, double>(StringComparer.Ordinal);
        var spread = new Dictionary<string, object>(StringComparer.Ordinal);
        using (no_grad())
        using (NewDisposeScope())
        {
            manual_seed(0);
            using var weights = RandomWeights(space);
            weights.MoveTo(device);
            var one = randn([1L, .. space.InputShape.Select(s => (long)s)], device: device);
            var many = randn([(long)options.BatchN, .. space.InputShape.Select(s => (long)s)], device: device);
            foreach (var text in architectures)
            {
                ct.ThrowIfCancellationRequested();
                Architecture arch;
                try { arch = space.Parse(text); }
                catch (ArchitectureException e) { throw new ScoringConfigurationException($"The benchmark table's '{text}' is not of space {space.Name}: {e.Message}"); }
                using var scope = NewDisposeScope();
                var net = new Subnet(space, weights, arch, resetBnStatistics: false);
                net.FoldBatchNorm();
                var s1 = Time(net, one, options, cuda);
                var sN = Time(net, many, options, cuda);
                b1[text] = s1.Median;
                bN[text] = sN.Median;
                spread[text] = new { batch1 = s1, batchN = sN };
            }
        }
        var cpu = CpuModel();
        var gpu = cuda ? CudaName() : null;
        string deviceName = gpu is not null ? $"{gpu} (CUDA)" : $"{cpu} (CPU, {options.Threads} threads)";
        return JsonSerializer.Serialize(new
        {
            device = deviceName,
            latencyMs = b1,
            batchN = options.BatchN,
            latencyMsBatchN = bN,
            spread,
            measured = new
            {
                queue = options.Queue,
                cpuModel = cpu,
                threads = options.Threads,
                logicalProcessors = Environment.ProcessorCount,
                cudaDevice = gpu,
                torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? typeof(torch).Assembly.GetName().Version?.ToString(),
                repeats = options.Repeats,
                warmup = options.Warmup,
                statistic = "median of the repeats, ms; spread: interquartile range (linear interpolation)",
                network = "stand-alone network of the supernet evaluator, BN folded, random weights, float32",
                at = DateTimeOffset.UtcNow,
            },
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    public sealed record Stats(double Median, double Iqr, double Min, double Max);

    static Stats Time(Subnet net, Tensor input, LatencyCalibrationOptions options, bool cuda)
    {
        for (int i = 0; i < options.Warmup; i++) net.Forward(input).Dispose();
        if (cuda) torch.cuda.synchronize();
        var ms = new double[options.Repeats];
        for (int i = 0; i < ms.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var y = net.Forward(input))
            {
                if (cuda) torch.cuda.synchronize(); // CUDA kernels run asynchronously; CPU eager passes return when done
            }
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(ms);
        return new Stats(Quantile(ms, 0.5), Quantile(ms, 0.75) - Quantile(ms, 0.25), ms[0], ms[^1]);
    }

    /// <summary>numpy's default (linear) quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static SupernetWeights RandomWeights(SearchSpace space)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in space.LargestNetworkTensors().Where(t => t.DType == TensorDType.Float32))
        {
            // Positive variances; small weights keep activations finite through the residual stack.
            var tensor = t.Key.EndsWith(".running_var", StringComparison.Ordinal) ? ones(t.Shape) : randn(t.Shape) * 0.1;
            tensors[t.Key] = tensor.DetachFromDisposeScope();
        }
        return new SupernetWeights(tensors);
    }

    /// <summary>"model name" of /proc/cpuinfo (Linux); the processor's architecture elsewhere.</summary>
    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"unknown {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} CPU";
    }

    /// <summary>The card's name from the NVIDIA driver's /proc entry (TorchSharp has no get_device_name).</summary>
    static string CudaName()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc/driver/nvidia/gpus"))
            {
                var model = File.ReadLines(Path.Combine(dir, "information")).FirstOrDefault(l => l.StartsWith("Model:", StringComparison.Ordinal));
                if (model is not null) return model["Model:".Length..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "CUDA device";
    }
}
