using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;

namespace NasArena.Platform.Tests.Leaderboards;

/// <summary>The phase row a board read keeps for a second (ADR 0020): its staleness bound and what drops it sooner.</summary>
[Trait("Category", "Unit")]
public sealed class LeaderboardCachePhaseTests
{
    /// <summary>A clock that moves only when told (the cache measures ages with GetTimestamp).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private static Phase NewPhase(long version) => new() { Slug = "p", Title = "P", PrimaryMetric = "kendall_tau", BoardVersion = version };

    [Fact]
    public async Task ThePhaseIsReadOnceASecondAndAgainAfterABoardChangeMadeInThisProcess()
    {
        var clock = new ManualClock();
        var cache = new LeaderboardCache(clock);
        var id = Guid.NewGuid();
        var reads = 0;
        Task<Phase> Read() => Task.FromResult(NewPhase(++reads));

        Assert.Equal(1, (await cache.PhaseAsync(id, Read)).BoardVersion);
        clock.Advance(LeaderboardCache.PhaseFreshFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await cache.PhaseAsync(id, Read)).BoardVersion); // kept: less than the bound old

        BoardVersions.NoteLocalChange(); // what a bump (or the commit of one) does
        Assert.Equal(2, (await cache.PhaseAsync(id, Read)).BoardVersion);

        clock.Advance(LeaderboardCache.PhaseFreshFor);
        Assert.Equal(3, (await cache.PhaseAsync(id, Read)).BoardVersion); // another process's change shows within the bound
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task ViewersArrivingDuringAReadWaitForItAndAFailedReadIsNotKept()
    {
        var cache = new LeaderboardCache(new ManualClock());
        var id = Guid.NewGuid();
        var gate = new TaskCompletionSource<Phase>();
        var reads = 0;
        var first = cache.PhaseAsync(id, () => { reads++; return gate.Task; });
        var second = cache.PhaseAsync(id, () => { reads++; return Task.FromResult(NewPhase(99)); });
        gate.SetResult(NewPhase(7));
        Assert.Same(await first, await second);
        Assert.Equal(1, reads);

        var other = Guid.NewGuid();
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.PhaseAsync(other, () => Task.FromException<Phase>(new InvalidOperationException("away"))));
        Assert.Equal(5, (await cache.PhaseAsync(other, () => Task.FromResult(NewPhase(5)))).BoardVersion);
    }
}
