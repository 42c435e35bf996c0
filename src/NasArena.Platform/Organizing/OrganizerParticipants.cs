using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

using NasArena.Platform.Exports;

namespace NasArena.Platform.Organizing;

public sealed record TeamMember(Guid UserId, string Name, string Email, RegistrationStatus Status);

public sealed record TeamRow(Guid Id, string Name, DateTimeOffset CreatedAt, List<TeamMember> Members, int Submissions);

/// <summary>A competition's teams and registrations for its organizers: who is in which team, and the CSV of the registrations.</summary>
public sealed class OrganizerParticipants(NasArenaDb db, Access access, CompetitionService competitions)
{
    public async Task<List<TeamRow>> TeamsAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await competitions.BySlugAsync(actor, slug, ct);
        await access.RequireOrganizerAsync(actor, competition.Id, ct);
        var teams = await db.Teams.AsNoTracking().Where(t => t.CompetitionId == competition.Id).OrderBy(t => t.Name).ToListAsync(ct);
        var members = await db.Registrations.AsNoTracking().Where(r => r.CompetitionId == competition.Id)
            .Select(r => new { r.TeamId, r.UserId, r.User!.DisplayName, r.User.Email, r.Status }).ToListAsync(ct);
        var counts = await db.Submissions.Where(s => s.Team!.CompetitionId == competition.Id && s.Status != SubmissionStatus.Uploading && !s.IsDebug)
            .GroupBy(s => s.TeamId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return teams.Select(t => new TeamRow(t.Id, t.Name, t.CreatedAt,
            members.Where(m => m.TeamId == t.Id).OrderBy(m => m.DisplayName).Select(m => new TeamMember(m.UserId, m.DisplayName, m.Email, m.Status)).ToList(),
            counts.GetValueOrDefault(t.Id))).ToList();
    }

    public static readonly string[] CsvColumns = ["registration_id", "user_id", "name", "email", "team", "status", "rules_accepted_at", "decision_reason"];

    public async Task<string> RegistrationsCsvAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var rows = await competitions.RegistrationsAsync(actor, slug, ct);
        var csv = new StringBuilder(CsvRow.Header(CsvColumns)).Append('\n');
        foreach (var r in rows)
        {
            csv.Append(new CsvRow().Id(r.Id).Id(r.UserId).Text(r.User!.DisplayName).Text(r.User.Email).Text(r.Team!.Name)
                .Text(r.Status.ToString().ToLowerInvariant()).Time(r.RulesAcceptedAt).Text(r.DecisionReason)).Append('\n');
        }
        return csv.ToString();
    }
}
