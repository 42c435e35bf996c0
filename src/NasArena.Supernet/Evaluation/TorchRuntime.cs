using TorchSharp;

namespace NasArena.Supernet.Evaluation;

/// <summary>Process-wide torch settings for deterministic evaluation: a fixed thread count, deterministic kernels, CUDA when present.</summary>
public static class TorchRuntime
{
    static readonly Lock Gate = new();

    public static torch.Device Device => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    public static void Configure(int threads)
    {
        lock (Gate)
        {
            // Results of parallel reductions can depend on the thread count: the track fixes it.
            if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
            // TF32 would make GPU scores depend on the card; full float32 everywhere. (TorchSharp 0.107 does not implement
            // use_deterministic_algorithms; CPU kernels are deterministic at a fixed thread count, see docs/supernet.md.)
            if (torch.cuda.is_available())
            {
                torch.backends.cuda.matmul.allow_tf32 = false;
                torch.backends.cudnn.allow_tf32 = false;
            }
        }
    }
}
