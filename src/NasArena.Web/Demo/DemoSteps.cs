namespace NasArena.Web.Demo;

/// <summary>
/// Names the seeding steps as they finish. NasArena:DemoSeedPauseAfter=STEP makes the seeder stop after that step and
/// wait, so a test can kill the process at a known point of seeding (Cli/FreshCloneTests) and see the next start finish it.
/// </summary>
public sealed class DemoSteps(IConfiguration config, ILogger<DemoSteps> log)
{
    public const string PauseKey = "NasArena:DemoSeedPauseAfter";

    public async Task DoneAsync(string step, bool made, CancellationToken ct)
    {
        if (made)
        {
            log.LogInformation("Demo seed: {Step} made", step);
        }
        if (string.Equals(config[PauseKey], step, StringComparison.Ordinal))
        {
            Console.WriteLine($"Demo seeding paused after step '{step}' ({PauseKey} is set): waiting to be stopped.");
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}
