using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Submissions;

namespace NasArena.Web.Demo;

/// <summary>
/// On the first start of the embedded default: the "CVPR 2021 NAS replay" competition with its three track kinds
/// (performance prediction on real Track 2 data, supernet consistency and unseen data on Fashion-MNIST), an admin,
/// an organizer and a participant (credentials printed once), and a baseline submission per track scored on start.
/// Nothing is trained at start-up: seeding takes seconds.
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
            "A replay of the CVPR 2021 NAS workshop's three tracks: predict the accuracy of held-out architectures of the " +
            "16-block MobileNet-like space from the training architectures (real Track 2 data); rank subnets of a supernet " +
            "like their stand-alone networks (Fashion-MNIST); and a NAS package that runs on data sets it has not seen.",
            "Prediction: submit predictions for every architecture in query-architectures.json, as CSV (arch_id,prediction) or as " +
            "the challenge's JSON. Supernet: upload a supernet of the 'demo' space trained with starter-kits/supernet " +
            "(.safetensors or .pt state_dict). Unseen data: upload a zip of data_processor.py, nas.py and trainer.py " +
            "(starter-kits/unseen-data). Daily limits apply. The private leaderboard is revealed at the end.", RequiresApproval: false), ct);
        var demo = new DemoServices(organizer, competitions, assets, submissions);
        var phase = await PredictionDemo.SeedAsync(demo, ct);
        await SupernetDemo.SeedAsync(demo, ct);
        await UnseenDataDemo.SeedAsync(demo, ct);
        await competitions.RegisterAsync(participant, Slug, new RegistrationInput(true, "Demo Team", null), ct);

        var text = new StringBuilder("\nNasArena demo seeded: competition '" + Slug + "', prediction phase id " + phase + "\nAccounts (shown once):\n");
        foreach (var (role, email, password) in credentials)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {role,-12} {email,-30} {password}\n");
        }
        Console.WriteLine(text.ToString());
        log.LogInformation("Demo competition {Slug} seeded", Slug);
    }
}
