using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Teams;

/// <summary>
/// Issue 23, why 1: a participant who names a team "Organizers" must not end up with the organizers' own submissions,
/// and a registration not (yet) approved must not read its team's submissions. Both stacks.
/// </summary>
public abstract class OrganizerTeamAttacks(PlatformHost host)
{
    /// <summary>Names that could pass for the organizers' or the platform's, in the disguises an attacker would try.</summary>
    public static readonly string[] Impostors =
    [
        "Organizers", " organizers ", "ORGANISERS", "Organiser team", "The Organizers", "Orgánizers", "0rganizers",
        "Оrganizers" /* Cyrillic O */, "Ｏｒｇａｎｉｚｅｒｓ" /* full width */, "Organ\u200Bizers" /* zero-width space */,
        "NasArena", "Nas Arena staff", "admin", "Admins", "Staff", "baseline", "Baseline 1",
    ];

    [Fact]
    public async Task ATeamNamedOrganizersCannotReadTheOrganizersSubmissions()
    {
        var s = await Scenario.CreateAsync(host, register: false);
        var attacker = await Scenario.NewUserAsync(host, "attacker");

        // The scenario: register as "Organizers", then the organizer submits a file of their own.
        var refused = await attacker.PostJsonAsync($"competitions/{s.Slug}/registrations",
            new { acceptRules = true, teamName = "Organizers" }, HttpStatusCode.BadRequest);
        Assert.Contains("teamName", refused["detail"]!.GetValue<string>());
        await attacker.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Fair play" }, HttpStatusCode.Created);
        var sent = await ApiClient.ExpectAsync(await s.Organizer.SubmitAsync(s.PhaseId, "organizer.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
        var organizerSubmission = sent["id"]!.GetValue<string>();

        var mine = (await attacker.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine")).AsArray();
        Assert.DoesNotContain(mine, m => m!["id"]!.GetValue<string>() == organizerSubmission);
        await attacker.GetJsonAsync($"submissions/{organizerSubmission}", HttpStatusCode.NotFound);

        // Every disguise of the name is refused with the reason, for a new team of another account.
        foreach (var name in Impostors)
        {
            var other = await Scenario.NewUserAsync(host, "impostor");
            var problem = await other.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = name }, HttpStatusCode.BadRequest);
            Assert.Contains("could pass for", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ARegistrationNotApprovedCannotReadItsTeamsSubmissions()
    {
        var s = await Scenario.CreateAsync(host, register: false);
        await s.Participant.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = "Honest" }, HttpStatusCode.Created);
        var sent = await ApiClient.ExpectAsync(await s.Participant.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
        var id = sent["id"]!.GetValue<string>();
        var joinCode = (await s.Participant.GetJsonAsync($"competitions/{s.Slug}/registration"))["joinCode"]!.GetValue<string>();

        // From now on the organizers approve each registration: a leaked join code gives a pending registration.
        await s.Organizer.PutAsync($"competitions/{s.Slug}", new { slug = s.Slug, title = "Test competition", rules = "Be fair.", requiresApproval = true });
        var intruder = await Scenario.NewUserAsync(host, "intruder");
        var pending = await intruder.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, joinCode }, HttpStatusCode.Created);
        Assert.Equal("Pending", pending["status"]!.GetValue<string>());

        var problem = await intruder.GetJsonAsync($"phases/{s.PhaseId}/submissions/mine", HttpStatusCode.Forbidden);
        Assert.Contains("approval", problem["detail"]!.GetValue<string>());
        await intruder.GetJsonAsync($"submissions/{id}", HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class OrganizerTeamAttacksOnSqlite(SqliteDiskHost fixture) : OrganizerTeamAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class OrganizerTeamAttacksOnPostgres(PostgresS3Host fixture) : OrganizerTeamAttacks(fixture.Host);
