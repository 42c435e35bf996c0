using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace NasArena.Platform.Accounts.Mail;

/// <summary>One message of the platform: plain text, to one address. <see cref="Links"/> are printed in the log by the pickup folder.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body, IReadOnlyList<string> Links);

/// <summary>Sends the platform's mail: to the configured SMTP server, or to the pickup folder (ADR 0028).</summary>
public sealed class MailSender(MailOptions options, ILogger<MailSender> log)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Body };
        if (options.UsesSmtp)
        {
            await SendSmtpAsync(message, ct);
            log.LogInformation("Mail '{Subject}' sent to {To} through {Host}.", mail.Subject, mail.To, options.SmtpHost);
            return;
        }
        var folder = Path.GetFullPath(options.PickupDirectory);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(file, ct);
        // The embedded default has no mail server: whoever runs it reads the link here (or opens the .eml).
        log.LogWarning("Mail '{Subject}' to {To} written to {File} (no Mail:SmtpHost). Links: {Links}",
            mail.Subject, mail.To, file, string.Join(" ", mail.Links));
    }

    private async Task SendSmtpAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        var tls = options.Tls.ToLowerInvariant() switch
        {
            "ssl" => SecureSocketOptions.SslOnConnect,
            "auto" => SecureSocketOptions.StartTlsWhenAvailable,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(options.SmtpHost!, options.SmtpPort, tls, ct);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
