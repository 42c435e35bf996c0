using System.Diagnostics;
using NasArena.Supernet.Evaluation;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

/// <summary>
/// --profile: where one cvpr21-resnet20 calibration forward (batch 256, BN in training mode, as SubnetEvaluator's
/// calibration) spends its time, per kind of op, TorchSharp against the same ops in PyTorch (op_profile.py, run right
/// after). Random weights: the cost of an op does not depend on its values. Prints wall and process CPU time, since on
/// the shared machine wall time mostly measures the wait for a core.
/// </summary>
static class OpProfile
{
    public const string Arch = "16-12-16-8-16-12-16-24-32-20-32-28-32-40-64-52-64-60-64-64";

    public static void Run(int threads, bool pad)
    {
        TorchRuntime.Configure(threads);
        manual_seed(0);
        var widths = Arch.Split('-').Select(long.Parse).Select(w => pad ? ChannelPadding.Padded(w) : w).ToArray();
        var blocks = Enumerable.Range(0, 9).Select(k => (i: 2 * k, m: 2 * k + 1, o: 2 * k + 2, s: k is 3 or 6 ? 2L : 1L)).ToArray();
        var x = randn(256, 3, 32, 32);
        static Tensor W(long cout, long cin, long k) => randn(cout, cin, k, k) * 0.1;
        var stem = W(widths[0], 3, 3);
        var ws = blocks.Select(b => (W(widths[b.m], widths[b.i], 3), W(widths[b.o], widths[b.m], 3), W(widths[b.o], widths[b.i], 1))).ToArray();
        var spent = new Dictionary<string, double>();
        Tensor Timed(string name, Func<Tensor> op)
        {
            var clock = Stopwatch.StartNew();
            var r = op();
            spent[name] = spent.GetValueOrDefault(name) + clock.Elapsed.TotalMilliseconds;
            return r;
        }
        Tensor Bn(Tensor t, long c)
        {
            Tensor mean = zeros(c), variance = ones(c), gamma = ones(c), beta = zeros(c);
            return Timed("bn", () => F.batch_norm(t, mean, variance, gamma, beta, true, 0.5, 1e-5));
        }
        Tensor Conv(string kind, Tensor t, Tensor w, long stride, long padding) =>
            Timed(kind, () => F.conv2d(t, w, null, strides: [stride, stride], padding: [padding, padding]));
        void Once()
        {
            using var scope = NewDisposeScope();
            var h = Timed("relu", () => Bn(Conv("conv3x3", x, stem, 1, 1), widths[0]).relu_());
            for (int k = 0; k < blocks.Length; k++)
            {
                var (b, (w1, w2, ws1)) = (blocks[k], ws[k]);
                var y = Bn(Conv("conv3x3", h, w1, b.s, 1), widths[b.m]);
                y = Timed("relu", () => y.relu_());
                y = Bn(Conv("conv3x3", y, w2, 1, 1), widths[b.o]);
                var r = Bn(Conv("conv1x1", h, ws1, b.s, 0), widths[b.o]);
                h = Timed("add+relu", () => y.add_(r).relu_());
            }
        }
        using var inference = inference_mode();
        Once(); Once();
        spent.Clear();
        const int Batches = 4;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < Batches; i++) Once();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine($"TorchSharp{(pad ? "" : " (unpadded)")}: {total.Elapsed.TotalMilliseconds / Batches:F0} ms per batch, CPU {cpuMs / Batches:F0} ms; " +
                          string.Join(", ", spent.Select(kv => $"{kv.Key} {kv.Value / total.Elapsed.TotalMilliseconds * 100:F0}%")));
    }
}
