using Microsoft.Playwright;

namespace Benchmarks.Platform;

/// <summary>A page's time to first contentful paint in Debian's headless Chromium (never a downloaded browser), fresh profile each time.</summary>
public static class FirstContent
{
    public static async Task<List<double>> MeasureAsync(string url, int times)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var paints = new List<double>();
        for (var i = 0; i < times; i++)
        {
            // A new context each time: no cache, no cookies, as a first visit.
            await using var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            var fcp = await page.EvaluateAsync<double?>(
                "() => new Promise(resolve => { const e = performance.getEntriesByName('first-contentful-paint')[0]; if (e) resolve(e.startTime); " +
                "else new PerformanceObserver(l => resolve(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true }); })");
            paints.Add(fcp ?? double.NaN);
        }
        paints.Sort();
        return paints;
    }
}
