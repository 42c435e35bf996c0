using NasArena.Platform;
using NasArena.Platform.Configuration;
using NasArena.Platform.Data;
using NasArena.Platform.Health;
using NasArena.Platform.Jobs;
using NasArena.Platform.Telemetry;
using NasArena.Platform.Tracks;

try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddSecretFiles(); // production secrets come as files, not in the environment sandboxes could inherit
    builder.Services.AddNasArenaPlatform();
    builder.Services.AddNasArenaWorker();
    builder.Services.AddNasArenaTelemetry(builder.Configuration, TelemetrySetup.WorkerService);
    builder.Services.AddNasArenaHealth(servesQueues: true);
    builder.Services.AddHostedService<HealthListener>();
    // Every track kind's scorer this build ships: the web process (outside the embedded mode) never loads these. Whether
    // the served queues' kinds can all run is checked below, with the queues known.
    builder.Services.AddTrackKinds(TrackCatalog.All.Where(k => TrackCatalog.IsShipped(k.Kind)).Select(k => k.Kind));
    using var host = builder.Build();
    // A wrong setting stops the start naming its key, before the database is touched.
    host.Services.ValidateOptions();

    // A worker that cannot run a kind of its queues stops before fetching: it would fail every such submission.
    var problems = TrackReadiness.Problems(host.Services.GetRequiredService<WorkerOptions>().ServedQueues);
    if (problems.Count > 0)
    {
        return TrackReadiness.Refuse("The NasArena worker", problems);
    }

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
