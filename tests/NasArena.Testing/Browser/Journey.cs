using Microsoft.Playwright;
using Xunit;

namespace NasArena.Testing;

/// <summary>One user's walk through the pages: screenshots per step, and no JavaScript error allowed on the way.</summary>
public sealed class Journey : IAsyncDisposable
{
    private readonly string _name;
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private int _step;

    public IPage Page { get; }

    /// <summary>Full-page PNGs of every journey step, under the test output (bin/, outside git): look at them.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

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

    /// <summary>
    /// Signs in on the sign-in page as a person would. With <paramref name="returnUrl"/>, waits until the browser has left
    /// the sign-in page for it and the page is interactive; without, returns after the click (the caller checks what the
    /// page says, e.g. a refusal). The one copy of the journeys' sign-in (issue 26).
    /// </summary>
    public async Task SignInAsync(string email, string password, string? returnUrl = null)
    {
        await GoAsync(returnUrl is null ? "/account/sign-in" : "/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl), interactive: false);
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (returnUrl is null)
        {
            return;
        }
        // The sign-in page's own address holds the return URL (escaped), and "/account" is a prefix of "/account/sign-in":
        // the wait is for another page whose address holds the return URL. A cold circuit on a loaded machine: 90 s.
        await Page.WaitForURLAsync(
            url => new Uri(url).AbsolutePath != "/account/sign-in" && url.Contains(returnUrl, StringComparison.Ordinal),
            new() { Timeout = 90_000 });
        await WaitInteractiveAsync();
    }

    public Task WaitInteractiveAsync() =>
        Page.Locator("[data-nasarena-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public async Task ShotAsync(string step) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{_name}-{++_step:00}-{step}.png"), FullPage = true });

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
