using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Platform.Leaderboards;

namespace NasArena.Web.Components.Shared;

/// <summary>The viewer's own team on a board: where it stands and which page of 25 shows it.</summary>
public sealed record MyTeam(Guid TeamId, string Name, int? Rank, int TotalTeams, int Page)
{
    public const int PageSize = 25;

    /// <summary>
    /// The per-viewer part of the board page (ADR 0037): a line saying where the team stands with a link to its page, and
    /// a style that marks its row. The same HTML whether spliced into a shared page or rendered in the viewer's circuit.
    /// </summary>
    public static string Html(Guid phaseId, Board board, MyTeam? team)
    {
        if (team is null)
        {
            return "";
        }
        var name = WebUtility.HtmlEncode(team.Name);
        if (team.Rank is not { } rank)
        {
            return $"<p class=\"nasarena-my-team\" data-testid=\"my-team\">Your team <strong>{name}</strong> has no scored submission on this board yet.</p>";
        }
        var href = $"/phases/{phaseId}/leaderboard?page={team.Page.ToString(CultureInfo.InvariantCulture)}" + (board == Board.Private ? "&amp;board=private" : "");
        var row = RowClass(team.TeamId);
        return $"<p class=\"nasarena-my-team\" data-testid=\"my-team\">Your team <strong>{name}</strong> is ranked {rank} of {team.TotalTeams} " +
            $"(page {team.Page}) · <a href=\"{href}\" class=\"nasarena-jump-to-team\">Jump to my team</a></p>" +
            $"<style>.{row} > td {{ background-color: rgba(89, 74, 226, 0.12); font-weight: 600; }} .{row} > td:nth-child(2)::after {{ content: \" (your team)\"; font-weight: 400; }}</style>";
    }

    /// <summary>Every board row carries its team's class; only the viewer's own is styled, by the viewer's part.</summary>
    public static string RowClass(Guid teamId) => "nasarena-team-" + teamId.ToString("N");
}

/// <summary>What the board page needs to know of its viewer beyond the cookie: whether they organize anything, and their team here.</summary>
public sealed record ViewerFacts(bool OrganizesAny, MyTeam? Team)
{
    /// <summary>Read in a scope of its own (the result is shared by the viewer's requests while fresh). The board is the public view.</summary>
    public static async Task<ViewerFacts> ReadAsync(IServiceProvider services, Actor actor, Guid phaseId, Board board, CancellationToken ct)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (await sp.GetRequiredService<Access>().OrganizesAnyAsync(actor, ct))
        {
            return new ViewerFacts(true, null);
        }
        try
        {
            var boards = sp.GetRequiredService<LeaderboardService>();
            var phase = await boards.PhaseAsync(null, phaseId, ct);
            var competitionId = phase.Track!.CompetitionId;
            var team = await sp.GetRequiredService<NasArenaDb>().Registrations.AsNoTracking()
                .Where(r => r.UserId == actor.UserId && r.CompetitionId == competitionId)
                .Select(r => new { r.TeamId, r.Team!.Name }).FirstOrDefaultAsync(ct);
            if (team is null)
            {
                return new ViewerFacts(false, null);
            }
            var ranked = (await boards.GetAsync(null, phaseId, board, ct)).Rows.Where(r => !r.IsBaseline).ToList();
            var index = ranked.FindIndex(r => r.TeamId == team.TeamId);
            return new ViewerFacts(false, new MyTeam(team.TeamId, team.Name, index < 0 ? null : ranked[index].Rank, ranked.Count,
                index < 0 ? 1 : index / MyTeam.PageSize + 1));
        }
        catch (DomainException e) when (e is NotFoundException or ForbiddenException)
        {
            return new ViewerFacts(false, null); // nothing an anonymous viewer may see: the page says so itself
        }
    }
}
