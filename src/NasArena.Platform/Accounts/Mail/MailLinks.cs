using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace NasArena.Platform.Accounts.Mail;

/// <summary>
/// Absolute links for mails: <see cref="MailOptions.PublicUrl"/>, else the address this process listens on. Never the
/// request's Host header: a registration sent with "Host: evil.example" would otherwise mail the victim a link that hands
/// its secret to that host.
/// </summary>
public sealed class MailLinks(MailOptions options, IServiceProvider services)
{
    public string To(string pathAndQuery)
    {
        var root = options.PublicUrl is { Length: > 0 } url ? url : Listening();
        return root.TrimEnd('/') + pathAndQuery;
    }

    private string Listening()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://")) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        // "http://+:8080", "http://*:80", "http://0.0.0.0:80", "http://[::]:80": a browser cannot open these.
        return address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost")
            .Replace("://[::]", "://localhost");
    }
}
