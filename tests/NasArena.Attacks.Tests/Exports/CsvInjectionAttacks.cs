using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Exports;

/// <summary>
/// Issue 23, why 14: what a participant chooses (team and display names) reaches the organizers' CSV exports; a cell that
/// starts with = + - @ (or a tab or CR) runs as a formula when the organizer opens the file in a spreadsheet. Both stacks.
/// </summary>
public abstract class CsvInjectionAttacks(PlatformHost host)
{
    private const string Formula = "=HYPERLINK(\"http://x\",\"y\")";

    /// <summary>The cell as every export must write it: quoted (RFC 4180) and led by an apostrophe, so it is text.</summary>
    private const string Inert = "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"";

    [Fact]
    public async Task ATeamNamedLikeAFormulaComesOutInertInEveryExport()
    {
        var s = await Scenario.CreateAsync(host, register: false);
        var attacker = await Scenario.NewUserAsync(host, "attacker");
        // A display name is free text (an e-mail address is not): set it as the account's owner could.
        var me = Guid.Parse((await attacker.GetJsonAsync("account/me"))["id"]!.GetValue<string>());
        await host.InScopeAsync(sp => sp.GetRequiredService<NasArenaDb>().Users.Where(u => u.Id == me)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "@SUM(1+1)")));
        await attacker.PostJsonAsync($"competitions/{s.Slug}/registrations", new { acceptRules = true, teamName = Formula }, HttpStatusCode.Created);
        var sent = await ApiClient.ExpectAsync(await attacker.SubmitAsync(s.PhaseId, "p.csv", s.PredictionCsv(0.01)), HttpStatusCode.Accepted);
        Assert.Equal("Scored", (await attacker.WaitForFinalAsync(Guid.Parse(sent["id"]!.GetValue<string>())))["status"]!.GetValue<string>());

        var exports = new Dictionary<string, string>
        {
            ["submissions"] = await s.Organizer.Http.GetStringAsync($"competitions/{s.Slug}/submissions.csv"),
            ["registrations"] = await s.Organizer.Http.GetStringAsync($"competitions/{s.Slug}/registrations.csv"),
            ["leaderboard"] = await s.Organizer.Http.GetStringAsync($"phases/{s.PhaseId}/leaderboard.csv"),
        };
        foreach (var (name, csv) in exports)
        {
            Assert.True(csv.Contains(Inert), $"{name}.csv does not neutralise the team name:\n{csv}");
            // No cell of any line starts a formula: every cell led by one of = + - @ is quoted with an apostrophe first.
            foreach (var line in csv.Split('\n'))
            {
                Assert.DoesNotContain(",=", line);
                Assert.DoesNotContain(",\"=", line);
                Assert.DoesNotContain(",@", line);
                Assert.DoesNotContain(",\"@", line);
                Assert.DoesNotContain(",\t", line);
                Assert.DoesNotContain(",\"\t", line);
            }
        }
        Assert.Contains("'@SUM(1+1)", exports["registrations"]);
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class CsvInjectionAttacksOnSqlite(SqliteDiskHost fixture) : CsvInjectionAttacks(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class CsvInjectionAttacksOnPostgres(PostgresS3Host fixture) : CsvInjectionAttacks(fixture.Host);
