using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using NasArena.Web.Hosting;

namespace NasArena.Web.Auth;

/// <summary>
/// The session cookie's ticket, decrypted once per cookie value and kept for <see cref="NasArenaOptions.SessionFreshFor"/>
/// (ADR 0036): a browser sends the same cookie with every request, and decrypting and verifying it (AES and HMAC, then
/// the claims) was most of what a signed-in request cost once its user's row was kept. Only what the data protector
/// accepted is kept, keyed by the exact cookie text, so nothing forged gets in; each caller gets its own copy, and the
/// cookie handler still checks the ticket's expiry and <see cref="SessionValidation"/> still checks its user on every request.
/// </summary>
public sealed class TicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock, TimeSpan freshFor) : ISecureDataFormat<AuthenticationTicket>
{
    private const int MaxTickets = 10_000;
    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, long At)> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null || freshFor <= TimeSpan.Zero)
        {
            return inner.Unprotect(protectedText, purpose);
        }
        var now = clock.GetTimestamp();
        if (_tickets.TryGetValue(protectedText, out var kept) && clock.GetElapsedTime(kept.At, now) < freshFor)
        {
            return Copy(kept.Ticket);
        }
        var ticket = inner.Unprotect(protectedText);
        if (ticket is null)
        {
            return null;
        }
        if (_tickets.Count >= MaxTickets)
        {
            _tickets.Clear();
        }
        _tickets[protectedText] = (ticket, now);
        return Copy(ticket);
    }

    // ClaimsPrincipal.Clone shares its identities: each one is cloned (with its claims) instead.
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new System.Security.Claims.ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary>Wraps the cookie scheme's ticket format after the framework made it (its own post-configure runs first).</summary>
    public sealed class Setup(TimeProvider clock, NasArenaOptions options) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions cookie)
        {
            if (name == CookieAuthenticationDefaults.AuthenticationScheme && cookie.TicketDataFormat is { } format and not TicketCache)
            {
                cookie.TicketDataFormat = new TicketCache(format, clock, options.SessionFreshFor);
            }
        }
    }
}
