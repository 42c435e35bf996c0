using NasArena.Scoring.Contract;
using NasArena.Scoring.Predictor;

namespace NasArena.Web.Hosting;

/// <summary>
/// Which scorers the web process hosts. It always has the light predictor scorer (for prechecks at upload); the heavy
/// ones (TorchSharp, the sandbox) only in the embedded all-in-one mode, where it is also the worker.
/// </summary>
public static class Scorers
{
    public static void Register(IServiceCollection services, bool embedded)
    {
        services.AddSingleton<IScorer, PredictorScorer>();
    }
}
