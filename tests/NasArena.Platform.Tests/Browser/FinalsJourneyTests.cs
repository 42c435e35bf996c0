using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards.Finals;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Contract;
using static Microsoft.Playwright.Assertions;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// Issue 25's journey in Chromium: a participant picks its final submission on "My submissions", reads the frozen public
/// board (a rival's later, better entry not on it), then, once the organizer reveals the private board, the final
/// standings with the winner marked. A competition of its own, so the shared demo's boards stay as other journeys expect.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FinalsJourneyTests(ChromiumHost chromium)
{
    static FinalsJourneyTests() => SetDefaultExpectTimeout(90_000);

    private PlatformHost Host => chromium.Host;

    private async Task<Guid> ScoredAsync(Guid phaseId, Person who, string file, byte[] csv)
    {
        var id = await Host.InScopeAsync(async sp => (await sp.GetRequiredService<SubmissionService>().SubmitAsync(who.Actor, phaseId, file, "text/csv",
            new MemoryStream(csv), null, false, CancellationToken.None)).Id);
        var scored = await new SubmissionRows(Host).WaitForAsync(id, s => s.IsFinal, "ended");
        Assert.Equal(SubmissionStatus.Scored, scored.Status);
        return id;
    }

    [Fact]
    public async Task AParticipantPicksFinalSubmissionsSeesTheFrozenBoardAndThenTheRevealedFinalStandings()
    {
        var slug = "finals-" + Guid.NewGuid().ToString("N")[..6];
        var querySet = Scenario.Track2QuerySet();
        var scenario = new Scenario { Host = Host, Organizer = null!, Participant = null!, Slug = slug, PhaseId = Guid.Empty, QuerySet = querySet };
        var (organizer, phaseId, alpha, bravo) = await Host.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var competitions = sp.GetRequiredService<CompetitionService>();
            var org = await Person.RegisterAsync(sp, "org-" + slug, "Finals organizer", organizer: true);
            await competitions.CreateAsync(org.Actor, new CompetitionInput(slug, "Finals arena", "Predict the accuracies.", "Be fair.", RequiresApproval: false), ct);
            await competitions.CreateTrackAsync(org.Actor, slug, new TrackInput("prediction", "Prediction", TrackKind.Predictor, null, null), ct);
            var now = DateTimeOffset.UtcNow;
            var phase = await competitions.CreatePhaseAsync(org.Actor, slug, "prediction",
                new PhaseInput("final", "Final", now.AddDays(-1), now.AddDays(10), 20, 100, "kendall_tau", true, false), ct);
            await sp.GetRequiredService<FinalsSettings>().UpdateAsync(org.Actor, phase.Id, new FinalsInput(1, null, null, "spearman_rho", true), ct);
            await sp.GetRequiredService<AssetService>().UploadAsync(org.Actor, phase.Id, "query-set", "query-set", false, "query-set.json",
                "application/json", new MemoryStream(Scenario.QuerySetJson(querySet)), ct);
            await competitions.PublishAsync(org.Actor, slug, ct);
            var a = await Person.RegisterAsync(sp, "alpha-" + slug, "Alpha");
            var b = await Person.RegisterAsync(sp, "bravo-" + slug, "Bravo");
            await competitions.RegisterAsync(a.Actor, slug, new RegistrationInput(true, "Alpha", null), ct);
            await competitions.RegisterAsync(b.Actor, slug, new RegistrationInput(true, "Bravo", null), ct);
            return (org, phase.Id, a, b);
        });
        var alphaSharp = await ScoredAsync(phaseId, alpha, "alpha-sharp.csv", scenario.PredictionCsv(noise: 0.004, seed: 2));
        var alphaRough = await ScoredAsync(phaseId, alpha, "alpha-rough.csv", scenario.PredictionCsv(noise: 0.08, seed: 3));
        await ScoredAsync(phaseId, bravo, "bravo-first.csv", scenario.PredictionCsv(noise: 0.04, seed: 4));

        // Alpha picks its sharp submission on "My submissions".
        await using var journey = await chromium.StartAsync("finals");
        var page = journey.Page;
        await journey.SignInAsync(alpha.Email, UiDemo.Password, $"/phases/{phaseId}/submissions/mine");
        var panel = page.Locator(".nasarena-final-picks");
        await Expect(panel.Locator(".nasarena-final-picks-count")).ToContainTextAsync("Picked 0 of 1. Nothing picked yet: your best 1 on the public board count.");
        await Expect(panel.Locator("tbody tr")).ToHaveCountAsync(2);
        await panel.Locator($"button[data-submission='{alphaSharp}']").ClickAsync();
        await Expect(panel.Locator(".nasarena-final-picks-count")).ToContainTextAsync("Picked 1 of 1.");
        await Expect(panel.Locator($"button[data-submission='{alphaSharp}']")).ToHaveTextAsync("Unpick");
        // A second pick is refused with the server's words.
        await panel.Locator($"button[data-submission='{alphaRough}']").ClickAsync();
        await Expect(panel.Locator(".nasarena-final-picks-error")).ToContainTextAsync("picked 1 of at most 1");
        await panel.ScrollIntoViewIfNeededAsync();
        await journey.ShotAsync("picked");

        // The organizer freezes the public board; Bravo then submits a better entry, which the frozen board does not show.
        await Host.InScopeAsync(sp => sp.GetRequiredService<FinalsSettings>().UpdateAsync(organizer.Actor, phaseId,
            new FinalsInput(1, DateTimeOffset.UtcNow, null, "spearman_rho", true), CancellationToken.None));
        var bravoLate = await ScoredAsync(phaseId, bravo, "bravo-late.csv", scenario.PredictionCsv(noise: 0.001, seed: 5));
        await journey.GoAsync($"/phases/{phaseId}/leaderboard");
        await Expect(page.Locator(".nasarena-frozen")).ToContainTextAsync("The public board is frozen since");
        await Expect(page.Locator(".nasarena-board tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator(".nasarena-board")).ToContainTextAsync("spearman_rho (primary)");
        // Alpha's sharp entry leads: Bravo's late one (the sharpest) would lead the live board.
        await Expect(page.Locator(".nasarena-board tbody tr").First).ToContainTextAsync("Alpha");
        await journey.ShotAsync("frozen");

        // The private board is refused until the reveal; then the final standings show the ranks, intervals, groups and winner.
        await journey.GoAsync($"/phases/{phaseId}/final");
        await Expect(page.Locator(".nasarena-standings-refused")).ToContainTextAsync("not published yet");
        await Host.InScopeAsync(sp => sp.GetRequiredService<FinalsSettings>().RevealAsync(organizer.Actor, phaseId, CancellationToken.None));
        await journey.GoAsync($"/phases/{phaseId}/leaderboard");
        await page.Locator(".nasarena-revealed a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Final standings");
        var rows = page.Locator(".nasarena-standings tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        // Bravo's late entry counts on the private board (its best public one, since Bravo picked nothing), Alpha's pick too.
        await Expect(rows.First).ToContainTextAsync("Bravo");
        await Expect(rows.First.Locator(".nasarena-winner")).ToHaveTextAsync("Winner");
        await Expect(rows.Nth(1)).ToContainTextAsync("Alpha");
        await Expect(rows.First.Locator("td").Nth(3)).ToContainTextAsync("[");
        await journey.ShotAsync("final-standings");
        Assert.NotEqual(Guid.Empty, bravoLate);
        journey.AssertNoErrorsBut(403);

        // The organizer's editor says what each board ranks.
        await using var org = await chromium.StartAsync("finals-organizer");
        await org.SignInAsync(organizer.Email, UiDemo.Password, $"/organize/{slug}");
        await org.Page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Phases") }).ClickAsync();
        var finals = org.Page.GetByTestId("finals-final");
        await Expect(finals.Locator(".nasarena-board-split-text")).ToContainTextAsync("Public board: spearman_rho (higher is better) over the hidden set's public split.");
        await Expect(finals.Locator(".nasarena-board-split-text")).ToContainTextAsync("Private board: kendall_tau (higher is better) over the hidden set's private split.");
        await finals.ScrollIntoViewIfNeededAsync();
        await finals.ScreenshotAsync(new() { Path = Path.Combine(ChromiumHost.Screenshots, "finals-organizer-editor-section.png") });
    }
}
