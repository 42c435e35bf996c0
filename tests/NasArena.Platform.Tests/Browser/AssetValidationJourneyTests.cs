using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Supernet;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Scorer;
using NasArena.Web.Components.Pages.Public;
using NasArena.Web.Hosting;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Hidden assets the web process cannot check, in Chromium: the web runs in mode web (no supernet scorer), so the
/// organizer's benchmark, uploaded through the editor's resumable upload component, is stored pending; a worker on the
/// same database and storage is started only once the page has shown that state (so it is seen for certain, whatever the
/// machine's speed), finds the first file invalid with the scorer's reason, and the corrected file valid, with the stored
/// size and the SHA-256 the test computes itself.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class AssetValidationJourneyTests(ChromiumHost chromium)
{
    static AssetValidationJourneyTests() => SetDefaultExpectTimeout(90_000);

    [GeneratedRegex("^Hidden assets")] private static partial Regex AssetsTab();

    private const string TrackSettings = "{\"space\":\"demo\",\"mode\":\"score-file\"}"; // score-file mode: the benchmark is the only hidden asset

    private static byte[] Benchmark(params string[] architectures)
    {
        var benchmark = new JsonObject();
        for (var i = 0; i < architectures.Length; i++)
        {
            var acc = 0.5 + i / 100.0;
            benchmark[$"arch{i + 1}"] = new JsonObject { ["arch"] = architectures[i], ["acc"] = acc, ["split"] = i % 3 == 2 ? "private" : "public" };
        }
        return Encoding.UTF8.GetBytes(benchmark.ToJsonString());
    }

    /// <summary>What the supernet scorer itself says of a file, called here directly: the reason the page must show, word for word.</summary>
    private static async Task<string> ScorerRefusalAsync(byte[] content)
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-benchmark").FullName;
        try
        {
            var path = Path.Combine(dir, "benchmark.json");
            await File.WriteAllBytesAsync(path, content);
            using var settings = JsonDocument.Parse(TrackSettings);
            var refusal = await Assert.ThrowsAsync<AssetRejectedException>(() => new SupernetScorer().ValidateAssetAsync("benchmark", path, settings.RootElement, CancellationToken.None));
            return refusal.Message;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Nothing of the row, nor of the page, is pushed past the right edge of a phone's screen: the SHA-256 and the reason wrap.</summary>
    private static async Task AssertFitsAsync(IPage page, ILocator row)
    {
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= page.ViewportSize!.Width, $"At {page.ViewportSize!.Width} px the page is {pageWidth} px wide.");
        foreach (var part in new[] { row.Locator(".nasarena-sha"), row.Locator(".nasarena-validation") })
        {
            var box = await part.BoundingBoxAsync() ?? throw new InvalidOperationException("The row's part is not displayed.");
            Assert.True(box.X >= 0 && box.X + box.Width <= page.ViewportSize!.Width + 0.5,
                $"At {page.ViewportSize!.Width} px, {await part.GetAttributeAsync("class")} spans {box.X:0}..{box.X + box.Width:0} px.");
        }
    }

    private static async Task AtPhoneWidthAsync(Journey journey, ILocator row, string step)
    {
        var page = journey.Page;
        await page.SetViewportSizeAsync(375, 800);
        await row.ScrollIntoViewIfNeededAsync();
        await journey.ShotAsync(step);
        await AssertFitsAsync(page, row);
        await page.SetViewportSizeAsync(1280, 900);
    }

    [Fact]
    public async Task ABenchmarkUploadedToTheWebIsPendingUntilAWorkerFindsItInvalidWithTheScorersReasonAndTheFixedFileValidWithItsSha256()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-assetjourney").FullName;
        var shared = StackSettings.SqliteDisk(dir);
        await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
        await using var web = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["NasArena:Mode"] = "web" });
        var slug = "assets-" + Guid.NewGuid().ToString("N")[..6];
        var (organizer, phaseId) = await web.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var competitions = sp.GetRequiredService<CompetitionService>();
            var person = await Person.RegisterAsync(sp, "org-" + slug, "Asset organizer", organizer: true);
            await competitions.CreateAsync(person.Actor, new CompetitionInput(slug, "Supernet assets", "Rank supernets.", "Be fair.", RequiresApproval: false, Draft: true), ct);
            using var settings = JsonDocument.Parse(TrackSettings);
            await competitions.CreateTrackAsync(person.Actor, slug, new TrackInput("supernet", "Supernet", TrackKind.Supernet, settings.RootElement.Clone(), null), ct);
            var now = DateTimeOffset.UtcNow;
            var phase = await competitions.CreatePhaseAsync(person.Actor, slug, "supernet",
                new PhaseInput("stage-1", "Stage 1", now.AddDays(-1), now.AddDays(20), 5, 50, "kendall_tau", true, false), ct);
            return (person, phase.Id);
        });
        // Position 7 of the demo space takes 16, 24 or 32 channels: the scorer names the entry, the position and the choices.
        var broken = Benchmark([.. SupernetScenario.Architectures.Select((a, i) => i == 1 ? "8-8-8-16-16-32-99" : a)]);
        var reason = await ScorerRefusalAsync(broken);
        Assert.Contains("'arch2'", reason);
        Assert.Contains("position 7 is 99", reason);
        var good = Benchmark(SupernetScenario.Architectures);

        await using var journey = await chromium.StartAsync("hidden-assets", host: web);
        var page = journey.Page;
        await journey.SignInAsync(organizer.Email, UiDemo.Password, $"/organize/{slug}");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() }).ClickAsync();
        await Expect(page.GetByTestId("assets-supernet-stage-1")).ToContainTextAsync("No file yet. This phase needs a hidden benchmark.");

        // The damaged file, through the same chunked upload as participants' submissions: stored, but nobody here can check it.
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "benchmark.json", MimeType = "application/json", Buffer = broken });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("editor-saved")).ToContainTextAsync("a worker checks it; the table above shows its verdict.");
        var row = page.GetByTestId("asset-benchmark-benchmark");
        await Expect(row.Locator("[data-validation=pending]")).ToHaveTextAsync(new Regex("^\\s*pending\\s+a worker of the gpu queue is checking it\\s*$"));
        await Expect(row).ToContainTextAsync(Convert.ToHexStringLower(SHA256.HashData(broken)));
        await Expect(page.GetByTestId("publish-check")).ToContainTextAsync("the benchmark 'benchmark' is still being validated on a worker.");
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() })).ToHaveTextAsync(new Regex("Hidden assets \\(1 to fix\\)"));
        await journey.ShotAsync("pending");
        await AtPhoneWidthAsync(journey, row, "pending-375px");

        // Only now a worker: it serves the gpu queue (the embedded mode runs one in-process) on the same database and files.
        await using var worker = await PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>(shared) { ["Worker:Count"] = "2" });
        await Expect(row.Locator("[data-validation=invalid]")).ToBeVisibleAsync(); // the open page looks again while a file is pending
        await Expect(row.Locator(".nasarena-validation-reason")).ToHaveTextAsync(reason);
        Assert.EndsWith("{16, 24, 32}.", reason); // one full stop: the scorer's sentence, not the space's plus its own
        await Expect(page.GetByTestId("publish-check")).ToContainTextAsync($"the benchmark 'benchmark' was refused by the scorer: {reason}");
        await journey.ShotAsync("invalid");
        await AtPhoneWidthAsync(journey, row, "invalid-375px");

        // The corrected file replaces it (same kind and name); the worker finds it valid.
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "benchmark-fixed.json", MimeType = "application/json", Buffer = good });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        var sha = Convert.ToHexStringLower(SHA256.HashData(good));
        await Expect(page.GetByTestId("editor-saved")).ToContainTextAsync($"Stored: benchmark-fixed.json ({NasArena.Web.Components.Shared.Format.Bytes(good.Length)}, SHA-256 {sha})");
        await Expect(row.Locator("[data-validation=valid]")).ToBeVisibleAsync();
        await Expect(row.Locator(".nasarena-sha")).ToHaveTextAsync(sha);
        await Expect(row.Locator(".nasarena-size")).ToHaveTextAsync(NasArena.Web.Components.Shared.Format.Bytes(good.Length));
        await Expect(row).ToContainTextAsync("benchmark-fixed.json");
        await Expect(row.Locator(".nasarena-validation-reason")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = AssetsTab() })).ToHaveTextAsync(new Regex("Hidden assets \\(complete\\)"));
        await Expect(page.GetByTestId("publish-check")).Not.ToContainTextAsync("benchmark 'benchmark'");
        await journey.ShotAsync("valid");
        await AtPhoneWidthAsync(journey, row, "valid-375px");

        // What the page shows is what was stored: the file's own length and hash.
        var stored = await web.DbAsync(db => db.PhaseAssets.Include(a => a.Artifact).SingleAsync(a => a.PhaseId == phaseId && a.Kind == "benchmark"));
        Assert.Equal((AssetValidation.Valid, (long)good.Length, sha), (stored.Validation, stored.Artifact!.SizeBytes, stored.Artifact.Sha256));
        journey.AssertNoErrors();
    }
}
