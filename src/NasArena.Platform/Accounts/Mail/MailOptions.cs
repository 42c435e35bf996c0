using MimeKit;
using NasArena.Platform.Configuration;

namespace NasArena.Platform.Accounts.Mail;

/// <summary>
/// Bound from the "Mail" section (ADR 0028): where the platform's mail (verification links, organizer invitations) goes.
/// With <see cref="SmtpHost"/> set, to that SMTP server through MailKit; unset (the embedded default), each message is
/// written as an .eml file under <see cref="PickupDirectory"/> and its links are printed in the log.
/// </summary>
public sealed class MailOptions : IOptionsSection
{
    public static string Section => "Mail";

    /// <summary>The SMTP server's host name; unset: no SMTP, mail goes to the pickup folder.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>"starttls" (required, the default), "ssl" (TLS on connect, usually port 465), "auto" (STARTTLS when offered) or "none".</summary>
    public string Tls { get; set; } = "starttls";

    /// <summary>Optional: with a user name the client authenticates; both or neither.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. "NasArena &lt;noreply@example.org&gt;".</summary>
    public string From { get; set; } = "NasArena <nasarena@localhost>";

    /// <summary>Where messages are written when there is no SMTP server (under the data folder by default).</summary>
    public string PickupDirectory { get; set; } = ".data/mail";

    /// <summary>
    /// The address the links in mails start with, e.g. https://nasarena.example.org. Unset: the address this web process
    /// listens on (right for the embedded default; behind a proxy set it). Never taken from a request's Host header, which
    /// the sender of a registration chooses.
    /// </summary>
    public string? PublicUrl { get; set; }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);

    public IEnumerable<string> Problems()
    {
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return $"`{Section}:{nameof(From)}` must be an address such as 'NasArena <noreply@example.org>'; got '{From}'.";
        }
        if (PublicUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"`{Section}:{nameof(PublicUrl)}` must be an absolute http(s) address such as https://nasarena.example.org; got '{url}'.";
        }
        if (UsesSmtp)
        {
            if (Check.Between($"{Section}:{nameof(SmtpPort)}", SmtpPort, 1, 65535) is { } port) yield return port;
            if (Check.OneOf($"{Section}:{nameof(Tls)}", Tls, "starttls", "ssl", "auto", "none") is { } tls) yield return tls;
            if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
            {
                yield return $"`{Section}:{nameof(UserName)}` and `{Section}:{nameof(Password)}` go together: set both (the server wants a login) or neither.";
            }
        }
        else if (Check.Required($"{Section}:{nameof(PickupDirectory)}", PickupDirectory, "a folder for mail when `Mail:SmtpHost` is unset") is { } pickup)
        {
            yield return pickup;
        }
    }
}
