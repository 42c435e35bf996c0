using NasArena.Platform;
using NasArena.Platform.Configuration;
using NasArena.Platform.Data;
using NasArena.Platform.Storage;
using NasArena.Sandbox.Scoring;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Predictor;
using NasArena.Supernet.Scoring;

try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddSecretFiles(); // production secrets come as files, not in the environment sandboxes could inherit
    builder.Services.AddNasArenaPlatform(builder.Configuration);
    builder.Services.AddNasArenaWorker(builder.Configuration);
    // Every track kind's scorer: the web process (outside the embedded mode) never loads these.
    builder.Services.AddSingleton<IScorer, PredictorScorer>();
    builder.Services.AddSingleton<IScorer, SupernetScorer>();
    builder.Services.AddSingleton<IScorer>(sp => new UnseenDataScorer(
        new UnseenDataScorerOptions(Path.Combine(sp.GetRequiredService<StorageOptions>().ScratchDir, "unseen-data"),
            RunsDirectory: Path.Combine(sp.GetRequiredService<ProcessScratch>().Dir, "unseen-data-runs"))));
    using var host = builder.Build();
    // A wrong setting stops the start naming its key, before the database is touched.
    host.Services.ValidateOptions();

    // Workers never migrate: the migrate step does, once, before anything starts (docker-compose orders it).
    var pending = await Migrator.PendingAsync(host.Services, CancellationToken.None);
    if (pending.Count > 0)
    {
        Console.Error.WriteLine($"The database lacks {pending.Count} migration(s): run the migrate step first (NasArena.Web migrate).");
        return 1;
    }
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (OptionsSetup.Failures(e) is { } failures)
{
    return OptionsSetup.Refuse("The NasArena worker", failures);
}
