using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Jobs.Fairness;

/// <summary>What the organizers of a competition see and set of its fair share: runs per team at once (ADR 0046).</summary>
/// <param name="MaxRunningPerTeam">The cap that applies now.</param>
/// <param name="Ceiling">The most the operator lets organizers set (`FairQueues:MaxRunningPerTeamCeiling`).</param>
/// <param name="IsDefault">True when the organizers set nothing and the operator's default applies.</param>
public sealed record FairQueueView(int MaxRunningPerTeam, int Ceiling, bool IsDefault);

/// <param name="MaxRunningPerTeam">1 to the ceiling; null: back to the operator's default.</param>
public sealed record FairQueueInput(int? MaxRunningPerTeam);

public sealed class FairQueueSettings(NasArenaDb db, CompetitionService competitions, FairQueueOptions options)
{
    public async Task<FairQueueView> GetAsync(Actor? actor, string slug, CancellationToken ct)
    {
        var competition = await competitions.ForOrganizerAsync(actor, slug, ct);
        return View(competition.MaxRunningPerTeam);
    }

    public async Task<FairQueueView> SetAsync(Actor? actor, string slug, FairQueueInput input, CancellationToken ct)
    {
        var competition = await competitions.ForOrganizerAsync(actor, slug, ct);
        if (input.MaxRunningPerTeam is { } n && (n < 1 || n > options.MaxRunningPerTeamCeiling))
        {
            throw new InvalidInputException(
                $"'maxRunningPerTeam' must be between 1 and {options.MaxRunningPerTeamCeiling} (the ceiling this platform's operator set), or null " +
                $"for the default of {options.CapFor(null)}; got {n}.");
        }
        competition.MaxRunningPerTeam = input.MaxRunningPerTeam;
        await db.SaveChangesAsync(ct);
        return View(competition.MaxRunningPerTeam);
    }

    private FairQueueView View(int? setting) => new(options.CapFor(setting), options.MaxRunningPerTeamCeiling, setting is null);
}
