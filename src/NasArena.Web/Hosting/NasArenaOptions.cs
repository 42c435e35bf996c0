using NasArena.Platform.Configuration;

namespace NasArena.Web.Hosting;

/// <summary>Bound from the "NasArena" configuration section: how the web process runs (ADR 0001) and its demo.</summary>
public sealed class NasArenaOptions : IOptionsSection
{
    public static string Section => "NasArena";

    /// <summary>"embedded" (the all-in-one default) or "web" (serve only; migrate step and workers run apart), any case.</summary>
    public string Mode { get; set; } = "embedded";

    /// <summary>Whether the embedded mode seeds the demo competition on start.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Where the Fashion-MNIST files of the demo tracks are; unset: Debian's dataset-fashion-mnist folder.</summary>
    public string? DemoFashionMnistFolder { get; set; }

    /// <summary>For tests only: the demo seeder stops after this step and waits (DemoSteps), so a test can kill it there.</summary>
    public string? DemoSeedPauseAfter { get; set; }

    /// <summary>
    /// How long a replica keeps a leaderboard page rendered for an anonymous visitor (ADR 0025); zero renders every time.
    /// At most a minute: it is also how stale such a visitor's board may be when another replica changed it.
    /// </summary>
    public TimeSpan AnonymousPageFreshFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a replica keeps a user's session facts (admin flag, disabled, security stamp) between cookie checks (ADR
    /// 0036); zero reads the user's row on every cookie request (ADR 0023). A change made by this replica is seen at once;
    /// one made by another replica within this bound. At most a minute.
    /// </summary>
    public TimeSpan SessionFreshFor { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsEmbedded => !string.Equals(Mode, "web", StringComparison.OrdinalIgnoreCase);

    /// <summary>Read before the services are built: the mode decides which services there are.</summary>
    public static NasArenaOptions From(IConfiguration config) => config.GetSection(Section).Get<NasArenaOptions>() ?? new NasArenaOptions();

    public IEnumerable<string> Problems() => new[]
    {
        Check.OneOf($"{Section}:{nameof(Mode)}", Mode, "embedded", "web"),
        AnonymousPageFreshFor < TimeSpan.Zero || AnonymousPageFreshFor > TimeSpan.FromMinutes(1)
            ? $"{Section}:{nameof(AnonymousPageFreshFor)} must be between 00:00:00 (off) and 00:01:00, got {AnonymousPageFreshFor}." : null,
        SessionFreshFor < TimeSpan.Zero || SessionFreshFor > TimeSpan.FromMinutes(1)
            ? $"{Section}:{nameof(SessionFreshFor)} must be between 00:00:00 (off) and 00:01:00, got {SessionFreshFor}." : null,
    }.OfType<string>();
}
