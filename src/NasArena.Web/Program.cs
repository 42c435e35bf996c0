using NasArena.Web.Hosting;

// `NasArena.Web migrate` is the one-shot migrate step; anything else runs the web process.
if (args.Length > 0 && args[0] == "migrate")
{
    await NasArenaApp.MigrateAsync(args[1..]);
    return;
}
var app = NasArenaApp.Build(args);
await NasArenaApp.PrepareAsync(app);
await app.RunAsync();
