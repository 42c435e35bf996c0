using TorchSharp;

namespace NasArena.Supernet.Evaluation;

/// <summary>
/// What evaluated a shard: recorded with every score so that a difference between two workers can be traced to the
/// processor, the instruction set oneDNN picks its kernels for, the thread count or the library versions.
/// </summary>
public sealed record EvaluatorInfo(string Device, string Processor, string Isa, int Threads, string LibTorch, string TorchSharp)
{
    public static EvaluatorInfo Current(int threads)
    {
        bool cuda = torch.cuda.is_available();
        return new EvaluatorInfo(
            cuda ? $"cuda ({torch.cuda.device_count()} device(s))" : "cpu",
            ProcessorName(), VectorIsa(), threads, torch.__version__,
            typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown");
    }

    static string ProcessorName() => CpuInfoLine("model name") ?? Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown";

    /// <summary>The widest x86 vector extension oneDNN's float32 kernels use here, capped as ONEDNN_MAX_CPU_ISA caps it.</summary>
    static string VectorIsa()
    {
        var flags = (CpuInfoLine("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var isa = flags.Contains("avx512f") ? "avx512" : flags.Contains("avx2") ? "avx2" : flags.Contains("sse4_1") ? "sse41"
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var cap = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA");
        return string.IsNullOrEmpty(cap) ? isa : $"{isa} (ONEDNN_MAX_CPU_ISA={cap})";
    }

    static string? CpuInfoLine(string key)
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
