using System.Net;
using NasArena.Platform.Configuration;

namespace NasArena.Web.Hosting;

/// <summary>
/// Bound from the "ForwardedHeaders" section (ADR 0027): the reverse proxies (an Ingress controller, a load balancer)
/// whose X-Forwarded-For and X-Forwarded-Proto are believed. From any other address the headers are ignored, else anyone
/// could claim https or another client address. Empty (the default): no proxy is trusted, not even loopback.
/// </summary>
public sealed class ProxyOptions : IOptionsSection
{
    public static string Section => "ForwardedHeaders";

    /// <summary>Addresses of single proxies, e.g. 10.0.0.12.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. 10.0.0.0/8 (a cluster's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<IPAddress> Proxies => KnownProxies.Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks => KnownNetworks.Select(n => IPNetwork.Parse(n));

    public IEnumerable<string> Problems() =>
        KnownProxies.Select((p, i) => IPAddress.TryParse(p, out _) ? null
                : $"`{Section}:{nameof(KnownProxies)}:{i}` must be an IP address such as 10.0.0.12; got '{p}'.")
            .Concat(KnownNetworks.Select((n, i) => IPNetwork.TryParse(n, out _) ? null
                : $"`{Section}:{nameof(KnownNetworks)}:{i}` must be a network in CIDR notation such as 10.0.0.0/8; got '{n}'."))
            .OfType<string>();
}
