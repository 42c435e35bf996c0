using NasArena.Platform.Configuration;
using NasArena.Web.Hosting;

// `NasArena.Web migrate` is the one-shot migrate step; `reset-demo-passwords` prints new passwords for the demo
// accounts; anything else runs the web process.
try
{
    if (args.Length > 0 && args[0] == "migrate")
    {
        await NasArenaApp.MigrateAsync(args[1..]);
        return 0;
    }
    if (args.Length > 0 && args[0] == "reset-demo-passwords")
    {
        return await NasArenaApp.ResetDemoPasswordsAsync(args[1..]);
    }
    var app = NasArenaApp.Build(args);
    await NasArenaApp.PrepareAsync(app);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (OptionsSetup.Failures(e) is { } failures)
{
    return OptionsSetup.Refuse("NasArena", failures);
}
