using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;

namespace NasArena.Web.Demo;

/// <summary>A phase of a demo track, named by its track for the seeding steps.</summary>
public sealed record DemoPhase(string Track, Guid Id);

/// <summary>
/// What each demo track's seeding goes through. Every method makes its part only when it is not there yet, so the next
/// start completes what a killed one left (DemoSeeder). Each part becomes visible in one database write (an asset's or a
/// baseline's file is stored before its row; a file without a row is harmless), so no part is ever found half made.
/// </summary>
public sealed class DemoServices(Actor organizer, NasArenaDb db, CompetitionService competitions, AssetService assets,
    SubmissionService submissions, DemoSteps steps, string fashionMnistFolder)
{
    public string FashionMnistFolder => fashionMnistFolder;

    public async Task TrackAsync(TrackInput input, CancellationToken ct)
    {
        var exists = await db.Tracks.AnyAsync(t => t.Slug == input.Slug && t.Competition!.Slug == DemoSeeder.Slug, ct);
        if (!exists)
        {
            await competitions.CreateTrackAsync(organizer, DemoSeeder.Slug, input, ct);
        }
        await steps.DoneAsync($"{input.Slug}/track", !exists, ct);
    }

    /// <summary>A phase open from yesterday for a year.</summary>
    public async Task<DemoPhase> PhaseAsync(string track, string slug, string title, string primaryMetric, int dailyLimit, CancellationToken ct)
    {
        var id = await db.Phases.Where(p => p.Slug == slug && p.Track!.Slug == track && p.Track.Competition!.Slug == DemoSeeder.Slug)
            .Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);
        var made = id is null;
        id ??= (await competitions.CreatePhaseAsync(organizer, DemoSeeder.Slug, track, new PhaseInput(slug, title,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), DailyLimit: dailyLimit, TotalLimit: 500,
            PrimaryMetric: primaryMetric, HigherIsBetter: true, HideLogs: false), ct)).Id;
        await steps.DoneAsync($"{track}/phase", made, ct);
        return new DemoPhase(track, id.Value);
    }

    public Task<bool> HasAssetAsync(DemoPhase phase, string kind, string name, CancellationToken ct) =>
        db.PhaseAssets.AnyAsync(a => a.PhaseId == phase.Id && a.Kind == kind && a.Name == name, ct);

    /// <summary>The content is made only when the asset is missing: some are cut from Fashion-MNIST.</summary>
    public async Task UploadAsync(DemoPhase phase, string kind, string name, string file, string contentType, bool isPublic,
        Func<byte[]> content, CancellationToken ct)
    {
        var made = !await HasAssetAsync(phase, kind, name, ct);
        if (made)
        {
            await assets.UploadAsync(organizer, phase.Id, kind, name, isPublic, file, contentType, new MemoryStream(content()), ct);
        }
        await steps.DoneAsync($"{phase.Track}/asset {name}", made, ct);
    }

    /// <summary>
    /// One baseline per phase. A baseline still Uploading is one a killed start left; the watchdog removes it, and a new
    /// one is submitted. A queued or running one is scored or re-queued by the watchdog, so it is not submitted twice.
    /// </summary>
    public async Task BaselineAsync(DemoPhase phase, string file, string contentType, Func<byte[]> content, string description, CancellationToken ct)
    {
        var made = !await db.Submissions.AnyAsync(s => s.PhaseId == phase.Id && s.IsBaseline && s.Status != SubmissionStatus.Uploading, ct);
        if (made)
        {
            await submissions.SubmitAsync(organizer, phase.Id, file, contentType, new MemoryStream(content()), description, asBaseline: true, ct);
        }
        await steps.DoneAsync($"{phase.Track}/baseline", made, ct);
    }

    public static byte[] Resource(string name)
    {
        using var stream = typeof(DemoServices).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The demo resource '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
