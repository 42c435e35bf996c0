using NasArena.Platform.Domain;
using NasArena.Web.Components.Shared;

namespace NasArena.Web.Tests.Components;

/// <summary>Whether a track takes submissions is read from its phases' dates, including between two phases.</summary>
[Trait("Category", "Unit")]
public sealed class TrackStandingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static Phase P(string slug, int fromDays, int toDays) => new()
    {
        Slug = slug,
        Title = slug,
        PrimaryMetric = "kendall_tau",
        StartsAt = Now.AddDays(fromDays),
        EndsAt = Now.AddDays(toDays),
    };

    private static Track T(params Phase[] phases) => new() { Slug = "t", Title = "T", Phases = [.. phases] };

    [Fact]
    public void BetweenTwoPhasesSubmissionsAreClosedAndTheNextPhaseIsNamed()
    {
        var standing = TrackStanding.Of(T(P("final", 3, 10), P("warm-up", -10, -1)), Now);
        Assert.False(standing.AcceptsSubmissions);
        Assert.Equal("final", standing.Next?.Slug);
        Assert.Equal("warm-up", standing.Last?.Slug);
    }

    [Fact]
    public void APhaseIsOpenFromItsStartUpToButNotIncludingItsEnd()
    {
        Assert.Equal(PhaseState.Open, TrackStanding.StateOf(P("a", 0, 1), Now));
        Assert.Equal(PhaseState.Ended, TrackStanding.StateOf(P("b", -1, 0), Now));
        Assert.Equal("a", TrackStanding.Of(T(P("a", 0, 1)), Now).Open?.Slug);
    }
}
