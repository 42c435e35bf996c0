using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using NasArena.Web.Auth;

namespace NasArena.Platform.Tests.Auth;

/// <summary>
/// The decrypted session ticket kept per cookie value (ADR 0036): only what the real data protector accepted is kept,
/// each caller gets a copy of its own, and the kept one is decrypted again once its time is up.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TicketCacheTests
{
    private static (TicketCache Cache, TicketDataFormat Real, ManualClock Clock) NewCache()
    {
        var real = new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("tests"));
        var clock = new ManualClock();
        return (new TicketCache(real, clock, TimeSpan.FromSeconds(10)), real, clock);
    }

    private static AuthenticationTicket Ticket(string name) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Cookies")), new AuthenticationProperties(), "Cookies");

    [Fact]
    public void AForgedOrTamperedCookieIsRefusedEveryTimeAndNeverKept()
    {
        var (cache, real, _) = NewCache();
        var genuine = real.Protect(Ticket("ana"));
        var tampered = genuine[..^4] + (genuine[^4] == 'A' ? "B" : "A") + genuine[^3..];
        Assert.Null(cache.Unprotect("not a cookie"));
        Assert.Null(cache.Unprotect(tampered));
        Assert.Null(cache.Unprotect(tampered)); // the second time too: a refusal is not kept
        Assert.Equal("ana", cache.Unprotect(genuine)!.Principal.Identity!.Name);
    }

    [Fact]
    public void EachCallerGetsItsOwnCopySoAChangeToOneDoesNotReachTheNext()
    {
        var (cache, real, clock) = NewCache();
        var cookie = real.Protect(Ticket("bo"));
        var first = cache.Unprotect(cookie)!;
        first.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddYears(10); // what a sliding renewal does to its ticket
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("extra", "1"));
        var second = cache.Unprotect(cookie)!;
        Assert.Null(second.Properties.ExpiresUtc);
        Assert.Null(second.Principal.FindFirst("extra"));
        Assert.NotSame(first.Principal, second.Principal);

        clock.Advance(TimeSpan.FromSeconds(10)); // past its time the cookie is decrypted again, with the same result
        Assert.Equal("bo", cache.Unprotect(cookie)!.Principal.Identity!.Name);
    }
}
