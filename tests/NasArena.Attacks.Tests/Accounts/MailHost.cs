using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using NasArena.Platform.Tests.Infrastructure;
using netDumbster.smtp;

namespace NasArena.Attacks.Tests.Accounts;

/// <summary>
/// A platform host whose mail goes to a real SMTP server on loopback (netDumbster, started here), so the tests follow
/// the links of the messages the platform actually sent. One per stack; its own host because of the Mail settings.
/// </summary>
public abstract class MailHost : IAsyncLifetime
{
    protected abstract Stack Stack { get; }

    public PlatformHost Host { get; private set; } = null!;
    public SimpleSmtpServer Smtp { get; private set; } = null!;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _received = new();

    public async Task InitializeAsync()
    {
        Smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        // The server's own store is a bag (no order): the arrival order is kept here.
        Smtp.MessageReceived += (_, e) => _received.Enqueue(e.Message.Data);
        Host = await PlatformHost.StartAsync(Stack, new Dictionary<string, string?>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = Smtp.Configuration.Port.ToString(),
            ["Mail:Tls"] = "none", // the loopback server speaks plain SMTP
            ["Mail:From"] = "NasArena tests <noreply@nasarena.test>",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Smtp.Dispose();
    }

    /// <summary>The messages the SMTP server received for <paramref name="address"/>, oldest first.</summary>
    public List<MimeMessage> MailTo(string address) => _received
        .Select(data => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data))))
        .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
        .ToList();

    /// <summary>The <paramref name="count"/>-th message to the address (1-based); mail is sent before the answer, so it is there.</summary>
    public MimeMessage Mail(string address, int count = 1)
    {
        var mails = MailTo(address);
        Assert.True(mails.Count >= count, $"Expected at least {count} message(s) to {address}; the SMTP server received {mails.Count} of {_received.Count} in all.");
        return mails[count - 1];
    }

    /// <summary>The links in a message's text, in order.</summary>
    public static List<string> Links(MimeMessage message) =>
        Regex.Matches(message.TextBody ?? "", @"https?://\S+").Select(m => m.Value).ToList();
}

public sealed class SqliteMailHost : MailHost
{
    protected override Stack Stack => Stack.SqliteDisk;
}

public sealed class PostgresMailHost : MailHost
{
    protected override Stack Stack => Stack.PostgresS3;
}
