using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace NasArena.Web.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy the request arrives as http: the configured proxies' X-Forwarded-Proto makes it https
/// again, so the session and antiforgery cookies are Secure (their SecurePolicy is SameAsRequest) and HSTS is sent; their
/// X-Forwarded-For is the client address the rate limits count by (ADR 0027).
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddNasArenaForwardedHeaders(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, Configure>();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>First in the pipeline: everything after sees the client's scheme and address.</summary>
    public static IApplicationBuilder UseNasArenaForwardedHeaders(this IApplicationBuilder app) =>
        // HSTS only answers https requests (and never for localhost): plain-http development is untouched.
        app.UseForwardedHeaders().UseHsts();

    private sealed class Configure(ProxyOptions proxies) : IConfigureOptions<ForwardedHeadersOptions>
    {
        void IConfigureOptions<ForwardedHeadersOptions>.Configure(ForwardedHeadersOptions options)
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what the operator lists is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            foreach (var network in proxies.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        }
    }
}
