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
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

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

/// <summary>One user's walk through the pages: screenshots per step, and no JavaScript error allowed on the way.</summary>
public sealed class Journey : IAsyncDisposable
{
    private readonly string _name;
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private int _step;

    public IPage Page { get; }

    public Journey(string name, IBrowserContext context, IPage page)
    {
        _name = name;
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _errors.Add($"uncaught error on {page.Url}: {error}");
    }

    /// <summary>Opens a path and, for interactive pages, waits until the circuit is up so clicks reach their handlers.</summary>
    public async Task GoAsync(string path, bool interactive = true)
    {
        await Page.GotoAsync(path);
        if (interactive)
        {
            await WaitInteractiveAsync();
        }
    }

    public Task WaitInteractiveAsync() =>
        Page.Locator("[data-nasarena-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public async Task ShotAsync(string step) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumHost.Screenshots, $"{_name}-{++_step:00}-{step}.png"), FullPage = true });

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, string.Join("\n", _errors));

    /// <summary>No error but the browser's own log line for a response the journey expects to fail (e.g. a refused upload's 422).</summary>
    public void AssertNoErrorsBut(params int[] expectedStatuses)
    {
        var unexpected = _errors.Where(e => !expectedStatuses.Any(s => e.Contains($"the server responded with a status of {s} ", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    /// <summary>No error but those the journey expects (e.g. the browser's log line for a connection it cut on purpose).</summary>
    public void AssertNoErrorsBut(Func<string, bool> expected)
    {
        var unexpected = _errors.Where(e => !expected(e)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
