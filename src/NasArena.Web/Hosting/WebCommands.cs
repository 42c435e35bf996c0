using NasArena.Platform.Configuration;
using NasArena.Scoring.Contract;

namespace NasArena.Web.Hosting;

/// <summary>The web process's command line, shared by the web image (NasArena.Web) and the all-in-one (NasArena.AllInOne).</summary>
public static class WebCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "migrate")
            {
                await NasArenaApp.MigrateAsync(args[1..]);
                return 0;
            }
            if (args.Length > 0 && args[0] == "wait-for-migrations")
            {
                await NasArenaApp.WaitForMigrationsAsync(args[1..]);
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
        catch (ScoringConfigurationException e)
        {
            // A track kind this process does not ship (the web image started in mode embedded): a message, not a stack trace.
            Console.Error.WriteLine($"NasArena did not start: {e.Message}");
            return 2;
        }
    }
}
