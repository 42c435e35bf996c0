using Microsoft.Playwright;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// One app (SQLite + disk, with the UI demo seeded) and one headless Chromium for all browser journeys of the collection.
/// Debian's /usr/bin/chromium, never a downloaded one; the flags keep it from reaching the internet.
/// </summary>
public sealed class ChromiumHost : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium"; // scripts/install-test-deps.sh installs Debian's chromium

    public PlatformHost Host { get; private set; } = null!;
    public UiDemo Demo { get; private set; } = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    /// <summary>Full-page PNGs of every journey step, under the test output (bin/, outside git): look at them.</summary>
    public static string Screenshots => Journey.Screenshots;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: scripts/install-test-deps.sh installs Debian's chromium.");
        Host = await PlatformHost.StartAsync(Stack.SqliteDisk);
        Demo = await UiDemo.SeedAsync(Host);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser profile (no cookies) with one page, its console errors and uncaught exceptions collected.</summary>
    /// <param name="host">Another app than the collection's (one with settings of its own), reached by the same browser.</param>
    /// <param name="via">Another address in front of the app (a relay that cuts connections), instead of the app's own.</param>
    public async Task<Journey> StartAsync(string name, int width = 1280, int height = 900, string timeZone = "Asia/Tokyo", PlatformHost? host = null, Uri? via = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (via ?? (host ?? Host).BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
            Locale = "en-GB",
        });
        return new Journey(name, context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumHost>
{
    public const string Name = "Browser journeys (Chromium, SQLite + disk)";
}
