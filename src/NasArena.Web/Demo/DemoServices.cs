using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Submissions;

namespace NasArena.Web.Demo;

/// <summary>What each demo track's seeding needs: the organizer who owns the demo and the services it goes through.</summary>
public sealed record DemoServices(Actor Organizer, CompetitionService Competitions, AssetService Assets, SubmissionService Submissions)
{
    /// <summary>A phase open from yesterday for a year, like the prediction track's.</summary>
    public async Task<Guid> PhaseAsync(string track, string slug, string title, string primaryMetric, int dailyLimit, CancellationToken ct) =>
        (await Competitions.CreatePhaseAsync(Organizer, DemoSeeder.Slug, track, new PhaseInput(slug, title,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), DailyLimit: dailyLimit, TotalLimit: 500,
            PrimaryMetric: primaryMetric, HigherIsBetter: true, HideLogs: false), ct)).Id;

    public async Task UploadAsync(Guid phaseId, string kind, string name, string file, string contentType, bool isPublic, byte[] content, CancellationToken ct) =>
        await Assets.UploadAsync(Organizer, phaseId, kind, name, isPublic, file, contentType, new MemoryStream(content), ct);

    public async Task BaselineAsync(Guid phaseId, string file, string contentType, byte[] content, string description, CancellationToken ct) =>
        await Submissions.SubmitAsync(Organizer, phaseId, file, contentType, new MemoryStream(content), description, asBaseline: true, ct);

    public static byte[] Resource(string name)
    {
        using var stream = typeof(DemoServices).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The demo resource '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
