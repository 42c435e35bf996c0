using Microsoft.Playwright;

namespace Benchmarks.Platform;

/// <summary>A page's time to first contentful paint in Debian's headless Chromium (never a downloaded browser), fresh profile each time.</summary>
public static class FirstContent
{
    /// <summary>
    /// First paint of a trivial page (25 short paragraphs) that links only MudBlazor's style sheet from the server at
    /// <paramref name="baseUrl"/>: the cost of the component library's CSS alone, with none of the app's markup or scripts.
    /// </summary>
    public static Task<List<double>> MeasureStyleSheetOnlyAsync(Uri baseUrl, int times)
    {
        var rows = string.Concat(Enumerable.Range(0, 25).Select(i => $"<p class='mud-typography mud-typography-body1'>row {i}</p>"));
        var html = $"<!DOCTYPE html><html><head><link rel='stylesheet' href='/_content/MudBlazor/MudBlazor.min.css'></head><body>{rows}</body></html>";
        // Served by the browser itself on the server's origin (so the link is same-origin, as in the app).
        return MeasureAsync(new Uri(baseUrl, "/__bench-stylesheet-only").ToString(), times, html);
    }

    public static async Task<List<double>> MeasureAsync(string url, int times, string? fulfilWith = null)
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
            if (fulfilWith is not null)
            {
                await page.RouteAsync(url, route => route.FulfillAsync(new() { Body = fulfilWith, ContentType = "text/html" }));
            }
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
