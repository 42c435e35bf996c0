using System.Text.RegularExpressions;
using MimeKit;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// The mail a test host wrote to its pickup folder (no SMTP server configured, as in the embedded default; ADR 0028):
/// what a user would read, so tests that register through the API or the browser follow the real verification link.
/// </summary>
public static class Mailbox
{
    /// <summary>The messages to <paramref name="address"/>, oldest first.</summary>
    public static List<MimeMessage> To(PlatformHost host, string address) =>
        !Directory.Exists(host.MailFolder) ? [] : Directory.GetFiles(host.MailFolder, "*.eml").Order()
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    /// <summary>The last link of the last message to the address whose link contains <paramref name="containing"/>.</summary>
    public static string Link(PlatformHost host, string address, string containing = "/account/verify?token=")
    {
        var links = To(host, address).SelectMany(m => Regex.Matches(m.TextBody ?? "", @"https?://\S+").Select(x => x.Value))
            .Where(l => l.Contains(containing)).ToList();
        Assert.True(links.Count > 0, $"No mail to {address} has a link with '{containing}' in {host.MailFolder}.");
        return links[^1];
    }

    /// <summary>Follows the verification link mailed to the address, as its owner would.</summary>
    public static async Task VerifyAsync(PlatformHost host, string address)
    {
        using var http = new HttpClient();
        var page = await http.GetAsync(Link(host, address));
        Assert.True(page.IsSuccessStatusCode, $"The verification link answered {(int)page.StatusCode}: {await page.Content.ReadAsStringAsync()}");
    }
}
