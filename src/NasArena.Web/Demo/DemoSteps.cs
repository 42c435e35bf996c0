using NasArena.Web.Hosting;

namespace NasArena.Web.Demo;

/// <summary>
/// Names the seeding steps as they finish. NasArena:DemoSeedPauseAfter=STEP makes the seeder stop after that step and
/// wait, so a test can kill the process at a known point of seeding (Cli/FreshCloneTests) and see the next start finish it.
/// </summary>
public sealed class DemoSteps(NasArenaOptions options, ILogger<DemoSteps> log)
{
    private const string PauseKey = $"NasArena:{nameof(NasArenaOptions.DemoSeedPauseAfter)}";

    public async Task DoneAsync(string step, bool made, CancellationToken ct)
    {
        if (made)
        {
            log.LogInformation("Demo seed: {Step} made", step);
        }
        if (string.Equals(options.DemoSeedPauseAfter, step, StringComparison.Ordinal))
        {
            Console.WriteLine($"Demo seeding paused after step '{step}' ({PauseKey} is set): waiting to be stopped.");
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}
