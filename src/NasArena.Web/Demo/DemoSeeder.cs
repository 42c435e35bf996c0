using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Errors;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;
using NasArena.Web.Hosting;

namespace NasArena.Web.Demo;

/// <summary>
/// On every start of the embedded default: the "CVPR 2021 NAS replay" competition with its four track kinds
/// (performance prediction on real Track 2 data, supernet consistency and unseen data on Fashion-MNIST, and a
/// multi-objective front on the demo space's benchmark table), an admin,
/// an organizer and a participant, and a baseline submission per track scored on start. Nothing is trained: seconds.
/// <para>
/// Resumable rather than one transaction (files on disk and Hangfire's own database cannot join one): each step makes
/// its part only when it is missing (DemoServices), so a start killed anywhere is completed by the next one. A track
/// whose machine needs are not met (DemoPrerequisites) is left out and named, with the command that adds them.
/// The participant's registration comes last and marks the demo's accounts as shown: until it exists, a start gives
/// the accounts new passwords and prints them just before registering, so whoever finishes the demo sees them.
/// </para>
/// </summary>
public sealed class DemoSeeder(NasArenaDb db, DemoAccounts accounts, CompetitionService competitions, AssetService assets,
    SubmissionService submissions, DemoSteps steps, NasArenaOptions options, ILogger<DemoSeeder> log)
{
    public const string Slug = "cvpr21-nas-replay";

    /// <summary>The competition's description: the CVPR 2021 workshop's three tracks and the fourth, multi-objective kind.</summary>
    public const string Description =
        "A replay of the CVPR 2021 NAS workshop's three tracks, and a fourth: predict the accuracy of held-out architectures of the " +
        "16-block MobileNet-like space from the training architectures (real Track 2 data); rank subnets of a supernet " +
        "like their stand-alone networks (Fashion-MNIST); a NAS package that runs on data sets it has not seen; and a " +
        "trade-off front of the demo space's architectures, error against parameters, scored by hypervolume.";
    private const string DemoTeam = "Demo Team";
    private readonly string _fashionMnist = options.DemoFashionMnistFolder ?? FashionMnist.DefaultFolder;

    public async Task SeedAsync(CancellationToken ct)
    {
        var (actors, made) = await accounts.EnsureAsync(ct);
        await steps.DoneAsync("accounts", made, ct);
        var competitionId = await CompetitionAsync(actors["organizer"], ct);
        var demo = new DemoServices(actors["organizer"], db, competitions, assets, submissions, steps, _fashionMnist);

        Guid? predictionPhase = null;
        var notSeeded = new List<string>();
        foreach (var (track, seed) in new (string, Func<Task>)[]
        {
            (PredictionDemo.Track, async () => predictionPhase = await PredictionDemo.SeedAsync(demo, ct)),
            (SupernetDemo.Track, () => SupernetDemo.SeedAsync(demo, ct)),
            (UnseenDataDemo.Track, () => UnseenDataDemo.SeedAsync(demo, ct)),
            (MultiObjectiveDemo.Track, () => MultiObjectiveDemo.SeedAsync(demo, ct)),
        })
        {
            if (await TrySeedAsync(track, seed) is { } why)
            {
                notSeeded.Add(why);
            }
        }

        // Published through the same pre-publish check as every competition (ADR 0031); what blocks it is named, and
        // the next start tries again.
        var published = true;
        try
        {
            await competitions.PublishAsync(actors["organizer"], Slug, ct);
        }
        catch (InvalidInputException e)
        {
            published = false;
            notSeeded.Add($"{"publishing",-12} {e.Message}");
        }

        var participant = actors["participant"];
        var shown = await db.Registrations.AnyAsync(r => r.CompetitionId == competitionId && r.UserId == participant.UserId, ct);
        var text = new StringBuilder();
        if (notSeeded.Count > 0)
        {
            text.Append("Demo tracks not seeded (the app runs without them; a later start adds them):\n");
            notSeeded.ForEach(line => text.Append("  ").Append(line).Append('\n'));
        }
        if (!shown && published)
        {
            var phase = predictionPhase is null ? "" : $", prediction phase id {predictionPhase}";
            text.Insert(0, $"\nNasArena demo seeded: competition '{Slug}'{phase}\n");
            text.Append(DemoAccounts.Format(await accounts.ResetPasswordsAsync(ct)));
            Console.WriteLine(text.ToString());
            await competitions.RegisterAsync(participant, Slug, new RegistrationInput(true, DemoTeam, null), ct);
            await steps.DoneAsync("registration", made: true, ct);
            log.LogInformation("Demo competition {Slug} seeded", Slug);
            return;
        }
        if (text.Length > 0)
        {
            Console.WriteLine(text.ToString());
        }
        log.LogInformation("Demo competition {Slug} present; `{Command}` prints new passwords for its accounts", Slug, DemoAccounts.ResetCommand);
    }

    private async Task<Guid> CompetitionAsync(Actor organizer, CancellationToken ct)
    {
        var competition = await db.Competitions.Include(c => c.Organizers).SingleOrDefaultAsync(c => c.Slug == Slug, ct);
        if (competition is null)
        {
            competition = await competitions.CreateAsync(organizer, new CompetitionInput(Slug, "CVPR 2021 NAS replay",
                Description, "Prediction: submit predictions for every architecture in query-architectures.json, as CSV (arch_id,prediction) or as " +
                "the challenge's JSON. Supernet: upload a supernet of the 'demo' space trained with starter-kits/supernet " +
                "(.safetensors or .pt state_dict). Unseen data: upload a zip of data_processor.py, nas.py and trainer.py " +
                "(starter-kits/unseen-data). Fronts: upload up to 6 architectures of the 'demo'" +
                " space as a JSON array, error against parameters (starter-kits/multi-objective). Daily limits apply. The private leaderboard is revealed at the end.", RequiresApproval: false), ct);
            await steps.DoneAsync("competition", made: true, ct);
        }
        else if (competition.Organizers.All(o => o.UserId != organizer.UserId))
        {
            // A demo organizer made again (its account deleted from the database by hand) takes the demo back.
            db.CompetitionOrganizers.Add(new CompetitionOrganizer { CompetitionId = competition.Id, UserId = organizer.UserId });
            await db.SaveChangesAsync(ct);
        }
        return competition.Id;
    }

    /// <summary>Null when the track is complete; else a line saying why not and what to do about it.</summary>
    private async Task<string?> TrySeedAsync(string track, Func<Task> seed)
    {
        var missing = DemoPrerequisites.Missing(track, _fashionMnist);
        if (missing.Count > 0)
        {
            return $"{track,-12} needs {string.Join(", ", missing.Select(p => p.What))}: add with `{DemoPrerequisites.InstallCommand(missing)}` " +
                "(or start with `bash scripts/run.sh`, which installs what the demo needs)";
        }
        try
        {
            await seed();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Named, not thrown: the other tracks and the server still come up. The details are in the debug log.
            db.ChangeTracker.Clear();
            log.LogDebug(e, "Seeding the demo track {Track} failed", track);
            return $"{track,-12} failed: {e.Message} (the next start tries again)";
        }
    }
}
