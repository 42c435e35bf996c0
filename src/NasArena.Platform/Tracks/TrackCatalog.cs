using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Scoring.Contract;
using NasArena.MultiObjective.Kind;
using NasArena.Prediction.Kind;
using NasArena.Scoring.Contract.Kinds;
using NasArena.Supernet.Kind;
using NasArena.UnseenData.Kind;

namespace NasArena.Platform.Tracks;

/// <summary>
/// The registry of track kinds: the one list of their descriptors (each in its kind's light project, ADR 0013), and the
/// loading of their heavy modules by name. Web, worker and the embedded all-in-one register their scorers from here.
/// Adding a kind: its descriptor and module projects, a line here, its breakdown component in the web's
/// KindViews, and project references (docs/decisions/0013).
/// </summary>
public static class TrackCatalog
{
    public static readonly IReadOnlyList<TrackKindDescriptor> All =
    [
        PredictionKind.Descriptor,
        SupernetKind.Descriptor,
        UnseenDataKind.Descriptor,
        MultiObjectiveKind.Descriptor,
    ];

    public static TrackKindDescriptor Get(TrackKind kind) =>
        All.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such track kind.");

    /// <summary>The kinds' names as the API takes them, for messages ("Predictor, Supernet, UnseenData").</summary>
    public static string Names => string.Join(", ", All.Select(d => d.Kind.ToString()));

    /// <summary>
    /// Registers the scorers of <paramref name="kinds"/>. A kind whose library this process does not ship stops the start
    /// naming it, rather than failing at the first submission.
    /// </summary>
    public static IServiceCollection AddTrackKinds(this IServiceCollection services, IEnumerable<TrackKind> kinds)
    {
        foreach (var kind in kinds.Distinct())
        {
            var module = Load(kind);
            services.AddSingleton<IScorer>(sp => module.CreateScorer(new ScorerEnvironment(
                sp.GetRequiredService<StorageOptions>().ScratchDir, sp.GetRequiredService<ProcessScratch>().Dir,
                sp.GetService<SandboxCeilings>())));
        }
        return services;
    }

    /// <summary>Whether this process ships the library that scores <paramref name="kind"/>.</summary>
    public static bool IsShipped(TrackKind kind) => TryLoad(kind, out _);

    public static ITrackModule Load(TrackKind kind) => TryLoad(kind, out var module) ? module
        : throw new ScoringConfigurationException($"Track kind {kind} is scored by the {Get(kind).Assembly} library, which this " +
            "process does not ship: the web image serves mode 'web' only (scoring runs on workers); the all-in-one mode runs " +
            "from src/NasArena.AllInOne (bash scripts/run.sh).");

    private static bool TryLoad(TrackKind kind, out ITrackModule module)
    {
        var entry = Get(kind);
        Type? type;
        try
        {
            type = Type.GetType(entry.Module, throwOnError: false);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            type = null;
        }
        module = type is null ? null! : (ITrackModule)Activator.CreateInstance(type)!;
        return type is not null;
    }
}
