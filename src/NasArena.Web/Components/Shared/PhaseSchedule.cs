using NasArena.Platform.Domain;

namespace NasArena.Web.Components.Shared;

public enum PhaseState
{
    Upcoming,
    Open,
    Ended,
}

/// <summary>
/// Where a track stands at a moment, read from its phases' dates (never guessed): a phase open now, or submissions closed
/// with the next phase's opening (codabench #1400: between two phases nobody could tell why submitting failed), or all over.
/// </summary>
public sealed record TrackStanding(Phase? Open, Phase? Next, Phase? Last)
{
    public static PhaseState StateOf(Phase phase, DateTimeOffset now) =>
        now < phase.StartsAt ? PhaseState.Upcoming : now < phase.EndsAt ? PhaseState.Open : PhaseState.Ended;

    public static TrackStanding Of(Track track, DateTimeOffset now)
    {
        var phases = track.Phases.OrderBy(p => p.StartsAt).ToList();
        return new TrackStanding(
            phases.FirstOrDefault(p => StateOf(p, now) == PhaseState.Open),
            phases.FirstOrDefault(p => StateOf(p, now) == PhaseState.Upcoming),
            phases.LastOrDefault(p => StateOf(p, now) == PhaseState.Ended));
    }

    public bool AcceptsSubmissions => Open is not null;
}
