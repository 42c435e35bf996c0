using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.Organizing;
using NasArena.Web.Auth;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Auth;

/// <summary>A clock that moves only when told (the session cache measures ages with GetTimestamp).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = 1;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// ADR 0036's bound, proven by the cache's clock rather than by racing the wall clock: a session cookie check is kept
/// per user for SessionFreshFor (10 s); a change made by another replica is seen once that much time has passed, and
/// not a tick later; a change made through this process is seen at the next request (the UserDisable and account
/// security tests prove that part for every kind of change).
/// </summary>
public abstract class SessionCacheBoundTests(Stack stack)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task AnAccountDisabledByAnotherReplicaIsOutOnceTheBoundHasPassedAndNotBefore()
    {
        var clock = new ManualClock();
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog, s => s.AddSingleton(sp =>
            new SessionCache(clock, sp.GetRequiredService<NasArenaOptions>(), sp.GetRequiredService<SessionChanges>())));
        var bound = host.Get<NasArenaOptions>().SessionFreshFor;
        Assert.Equal(TimeSpan.FromSeconds(10), bound);
        var user = await Scenario.NewUserAsync(host, "participant");
        var me = await user.GetJsonAsync("account/me");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login",
            new { email = me["email"]!.GetValue<string>(), password = Password }), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK); // the row read and kept at t0
        var generation = host.Get<SessionChanges>().LocalGeneration;

        // Another replica disables the account: its write reaches this database, not this process's generation.
        var userId = Guid.Parse(me["id"]!.GetValue<string>());
        await host.DbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.DisabledAt, DateTimeOffset.UtcNow).SetProperty(x => x.DisabledReason, "Disabled on replica B.")));
        Assert.Equal(generation, host.Get<SessionChanges>().LocalGeneration);

        clock.Advance(bound - TimeSpan.FromTicks(1));
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK); // within the bound: kept

        clock.Advance(TimeSpan.FromTicks(1));
        var ended = await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.Unauthorized);
        Assert.EndsWith("Reason: Disabled on replica B.", ended["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChangeMadeThroughThisProcessEndsTheKeptSessionAtTheNextRequestWithoutTheClockMoving()
    {
        var clock = new ManualClock();
        await using var host = await PlatformHost.StartAsync(stack, StuckSubmission.NoWatchdog, s => s.AddSingleton(sp =>
            new SessionCache(clock, sp.GetRequiredService<NasArenaOptions>(), sp.GetRequiredService<SessionChanges>())));
        var user = await Scenario.NewUserAsync(host, "participant");
        var me = await user.GetJsonAsync("account/me");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        await ApiClient.ExpectAsync(await browser.PostAsJsonAsync("/api/v1/account/login",
            new { email = me["email"]!.GetValue<string>(), password = Password }), HttpStatusCode.OK);
        await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.OK);

        // The same write as above, but through a tracked SaveChanges in this process (what every service does).
        var userId = Guid.Parse(me["id"]!.GetValue<string>());
        await host.DbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == userId);
            row.SecurityStamp = Guid.NewGuid().ToString("N");
            return await db.SaveChangesAsync();
        });

        var ended = await ApiClient.ExpectAsync(await browser.GetAsync("/api/v1/account/me"), HttpStatusCode.Unauthorized);
        Assert.StartsWith("Your session was ended: You signed out everywhere or changed your password", ended["detail"]!.GetValue<string>());
    }
}

[Trait("Category", "Integration")]
public sealed class SessionCacheBoundOnSqliteAndDisk() : SessionCacheBoundTests(Stack.SqliteDisk);

[Trait("Category", "Integration")]
public sealed class SessionCacheBoundOnPostgresAndS3() : SessionCacheBoundTests(Stack.PostgresS3);

/// <summary>The cache's own rule, on its own: a read that was under way when this process changed a user is not kept.</summary>
[Trait("Category", "Integration")]
public sealed class SessionCacheRaceTests
{
    [Fact]
    public async Task ARowReadWhileThisProcessChangedTheUserIsUsedOnceAndNotKept()
    {
        var clock = new ManualClock();
        var changes = new SessionChanges();
        var cache = new SessionCache(clock, new NasArenaOptions(), changes);
        var id = Guid.NewGuid();
        var reads = 0;
        var before = new SessionUser(false, "before", null, "stamp-1");
        var after = new SessionUser(false, "after", null, "stamp-2");

        // The first read sees the old row; the change commits (moves the generation) before that read returns.
        var first = await cache.GetAsync(id, () => { reads++; changes.NoteLocalChange(); return Task.FromResult<SessionUser?>(before); });
        Assert.Same(before, first);
        Assert.Same(after, await cache.GetAsync(id, () => { reads++; return Task.FromResult<SessionUser?>(after); }));
        Assert.Same(after, await cache.GetAsync(id, () => { reads++; return Task.FromResult<SessionUser?>(null); })); // now kept
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task ZeroFreshnessReadsTheRowOnEveryCheckAsADR0023Did()
    {
        var cache = new SessionCache(new ManualClock(), new NasArenaOptions { SessionFreshFor = TimeSpan.Zero }, new SessionChanges());
        var reads = 0;
        for (var i = 0; i < 3; i++)
        {
            await cache.GetAsync(Guid.Empty, () => { reads++; return Task.FromResult<SessionUser?>(null); });
        }
        Assert.Equal(3, reads);
        Assert.Equal(0, cache.Count);
    }
}
