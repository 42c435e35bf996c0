using NasArena.Platform.Storage;
using NasArena.Sandbox.Scoring;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Predictor;
using NasArena.Supernet.Scoring;

namespace NasArena.Web.Hosting;

/// <summary>
/// Which scorers the web process hosts. It always has the light predictor scorer (for prechecks at upload); the heavy
/// ones (TorchSharp, the sandbox) only in the embedded all-in-one mode, where it is also the worker (ADR 0005).
/// </summary>
public static class Scorers
{
    public static void Register(IServiceCollection services, bool embedded)
    {
        services.AddSingleton<IScorer, PredictorScorer>();
        if (embedded)
        {
            services.AddSingleton<IScorer, SupernetScorer>();
            services.AddSingleton<IScorer>(sp => new UnseenDataScorer(
                new UnseenDataScorerOptions(Path.Combine(sp.GetRequiredService<StorageOptions>().ScratchDir, "unseen-data"),
                    RunsDirectory: Path.Combine(sp.GetRequiredService<ProcessScratch>().Dir, "unseen-data-runs"))));
        }
    }
}
