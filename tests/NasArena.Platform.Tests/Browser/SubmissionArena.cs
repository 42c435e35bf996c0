using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Submissions;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Browser;

/// <summary>
/// A prediction competition that really scores (the real Track 2 query set as its hidden asset; the host's in-process
/// worker scores), with an organizer and two participants in two teams, all with known passwords so the browser can sign
/// in. Made through the platform's services, like <see cref="UiDemo"/>.
/// </summary>
public sealed record SubmissionArena(string Slug, Guid PhaseId, Person Organizer, Person Ada, Person Bob)
{
    public static async Task<SubmissionArena> CreateAsync(PlatformHost host)
    {
        var slug = "subs-" + Guid.NewGuid().ToString("N")[..6];
        return await host.InScopeAsync(async sp =>
        {
            var ct = CancellationToken.None;
            var competitions = sp.GetRequiredService<CompetitionService>();
            var organizer = await Person.RegisterAsync(sp, "org-" + slug, "Arena organizer", organizer: true);
            await competitions.CreateAsync(organizer.Actor, new CompetitionInput(slug, "Submissions arena", "Predict accuracies.", "Be fair.", RequiresApproval: false), ct);
            await competitions.CreateTrackAsync(organizer.Actor, slug, new TrackInput("prediction", "Prediction", TrackKind.Predictor, null, null), ct);
            var now = DateTimeOffset.UtcNow;
            var phase = await competitions.CreatePhaseAsync(organizer.Actor, slug, "prediction",
                new PhaseInput("open", "Open", now.AddDays(-1), now.AddDays(20), 50, 200, "kendall_tau", true, false), ct);
            await sp.GetRequiredService<AssetService>().UploadAsync(organizer.Actor, phase.Id, "query-set", "query-set", false, "query-set.json",
                "application/json", new MemoryStream(Scenario.QuerySetJson(Scenario.Track2QuerySet())), ct);
            await competitions.PublishAsync(organizer.Actor, slug, ct);
            var ada = await Person.RegisterAsync(sp, "ada-" + slug, "Ada");
            var bob = await Person.RegisterAsync(sp, "bob-" + slug, "Bob");
            await competitions.RegisterAsync(ada.Actor, slug, new RegistrationInput(true, "Team Ada " + slug[^6..], null), ct);
            await competitions.RegisterAsync(bob.Actor, slug, new RegistrationInput(true, "Team Bob " + slug[^6..], null), ct);
            return new SubmissionArena(slug, phase.Id, organizer, ada, bob);
        });
    }

    /// <summary>The example predictor's kind of file: every architecture with its true accuracy plus a little noise.</summary>
    public static byte[] GoodPredictions(int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("arch_id,prediction\n");
        foreach (var (id, acc, _) in Scenario.Track2QuerySet())
        {
            csv.Append(id).Append(',').Append((acc + 0.02 * (random.NextDouble() - 0.5)).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public Task<Guid> SubmitAsync(PlatformHost host, Person who, string fileName, byte[] content) =>
        host.InScopeAsync(async sp => (await sp.GetRequiredService<SubmissionService>().SubmitAsync(
            who.Actor, PhaseId, fileName, "text/csv", new MemoryStream(content), "from the browser tests", false, CancellationToken.None)).Id);
}

public sealed record Person(string Email, string Name, Actor Actor)
{
    /// <param name="organizer">Made "organizer" by an admin: may create competitions (Competitions:Creation = Granted).</param>
    public static async Task<Person> RegisterAsync(IServiceProvider sp, string prefix, string name, bool organizer = false)
    {
        var email = $"{prefix}@example.org";
        var user = await sp.GetRequiredService<AccountService>().RegisterAsync(email, UiDemo.Password, name, CancellationToken.None);
        if (organizer)
        {
            await sp.GetRequiredService<NasArena.Platform.Data.NasArenaDb>().Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CanCreateCompetitions, true));
        }
        return new Person(email, name, new Actor(user.Id, false));
    }
}
