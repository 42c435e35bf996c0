using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Submissions;
using NasArena.Scoring.Contract;

namespace NasArena.Web.Demo;

/// <summary>
/// On the first start of the embedded default: the "CVPR 2021 NAS replay" competition on real Track 2 data, an admin,
/// an organizer and a participant (credentials printed once), and a baseline submission scored on start.
/// </summary>
public sealed class DemoSeeder(NasArenaDb db, AccountService accounts, CompetitionService competitions, AssetService assets,
    SubmissionService submissions, ILogger<DemoSeeder> log)
{
    public const string Slug = "cvpr21-nas-replay";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Competitions.AnyAsync(c => c.Slug == Slug, ct))
        {
            return;
        }
        var credentials = new List<(string Role, string Email, string Password)>();
        async Task<Actor> UserAsync(string role, string email, string name, bool admin = false)
        {
            var password = Secrets.NewPassword();
            var user = await accounts.RegisterAsync(email, password, name, ct);
            user.IsAdmin = admin;
            await db.SaveChangesAsync(ct);
            credentials.Add((role, email, password));
            return new Actor(user.Id, admin);
        }
        await UserAsync("admin", "admin@nasarena.local", "Admin", admin: true);
        var organizer = await UserAsync("organizer", "organizer@nasarena.local", "Demo Organizer");
        var participant = await UserAsync("participant", "participant@nasarena.local", "Demo Participant");

        await competitions.CreateAsync(organizer, new CompetitionInput(Slug, "CVPR 2021 NAS replay",
            "A replay of the CVPR 2021 NAS workshop's performance-prediction track on its real data: predict the accuracy of " +
            "held-out architectures of the 16-block MobileNet-like space from the training architectures.",
            "Submit predictions for every architecture in query-architectures.json, as CSV (arch_id,prediction) or as the " +
            "challenge's JSON. Ten submissions a day. The private leaderboard is revealed at the end.", RequiresApproval: false), ct);
        await competitions.CreateTrackAsync(organizer, Slug, new TrackInput("prediction", "Performance prediction", TrackKind.Predictor,
            null, 10 * 1024 * 1024), ct);
        var phase = await competitions.CreatePhaseAsync(organizer, Slug, "prediction", new PhaseInput("replay", "Replay",
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), DailyLimit: 10, TotalLimit: 500,
            PrimaryMetric: "kendall_tau", HigherIsBetter: true, HideLogs: false), ct);

        var (training, hidden) = DemoData.Split(DemoData.All());
        await Upload(organizer, phase.Id, "training-data", "training-data.json", isPublic: true,
            Json(training.Select(a => (a.Id, a.Arch, (double?)a.Acc, (string?)null))), ct);
        await Upload(organizer, phase.Id, "query-architectures", "query-architectures.json", isPublic: true,
            Json(hidden.Select(h => (h.Arch.Id, h.Arch.Arch, (double?)null, (string?)null))), ct);
        await Upload(organizer, phase.Id, "query-set", "query-set.json", isPublic: false,
            Json(hidden.Select(h => (h.Arch.Id, h.Arch.Arch, (double?)h.Arch.Acc, (string?)(h.Private ? "private" : "public")))), ct);

        var baseline = new StringBuilder("arch_id,prediction\n");
        foreach (var (arch, _) in hidden)
        {
            baseline.Append(arch.Id).Append(',').Append(DemoData.KnnBaseline(arch, training).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        await submissions.SubmitAsync(organizer, phase.Id, "knn-baseline.csv", "text/csv", new MemoryStream(Encoding.UTF8.GetBytes(baseline.ToString())),
            "Organizers' baseline: mean accuracy of the 10 nearest training architectures (Hamming distance).", asBaseline: true, ct);
        await competitions.RegisterAsync(participant, Slug, new RegistrationInput(true, "Demo Team", null), ct);

        var text = new StringBuilder("\nNasArena demo seeded: competition '" + Slug + "', phase id " + phase.Id + "\nAccounts (shown once):\n");
        foreach (var (role, email, password) in credentials)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {role,-12} {email,-30} {password}\n");
        }
        Console.WriteLine(text.ToString());
        log.LogInformation("Demo competition {Slug} seeded", Slug);
    }

    private async Task Upload(Actor organizer, Guid phaseId, string kind, string file, bool isPublic, byte[] content, CancellationToken ct) =>
        await assets.UploadAsync(organizer, phaseId, kind, kind, isPublic, file, "application/json", new MemoryStream(content), ct);

    private static byte[] Json(IEnumerable<(string Id, JsonNode Arch, double? Acc, string? Split)> rows)
    {
        var obj = new JsonObject();
        foreach (var (id, arch, acc, split) in rows)
        {
            var row = new JsonObject { ["arch"] = arch.DeepClone() };
            if (acc is not null)
            {
                row["acc"] = acc;
            }
            if (split is not null)
            {
                row["split"] = split;
            }
            obj[id] = row;
        }
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }
}
