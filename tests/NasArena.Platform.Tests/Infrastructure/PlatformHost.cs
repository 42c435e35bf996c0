using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Data;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Infrastructure;

public enum Stack
{
    /// <summary>The embedded default: SQLite and files on disk.</summary>
    SqliteDisk,

    /// <summary>Production: PostgreSQL and an S3 server.</summary>
    PostgresS3,
}

/// <summary>
/// The real web process (Kestrel on a loopback port) with its in-process worker, on one stack. Tests talk to it over HTTP.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    public Stack Stack { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    private PlatformHost(WebApplication app, Stack stack, string dir, Uri baseAddress)
    {
        _app = app;
        Stack = stack;
        _dir = dir;
        BaseAddress = baseAddress;
    }

    /// <param name="services">Registrations added to the web process's own, e.g. an in-memory telemetry exporter.</param>
    public static async Task<PlatformHost> StartAsync(Stack stack, IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? services = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nasarena-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var settings = new Dictionary<string, string?>
        {
            ["NasArena:Mode"] = "embedded",
            ["NasArena:SeedDemo"] = "false",
            ["Storage:ScratchDir"] = Path.Combine(dir, "scratch"),
            // No SMTP server: each message is an .eml file here (ADR 0028); Mailbox reads the links back.
            ["Mail:PickupDirectory"] = Path.Combine(dir, "mail"),
            ["Jobs:HeartbeatInterval"] = "00:00:01",
            ["Worker:Count"] = "4",
            ["Logging:LogLevel:Default"] = "Warning",
            // The suite registers, signs in and submits for many users from 127.0.0.1: far above anything it does, so no
            // unrelated test meets a limit; the attack tests start hosts with low ones (ADR 0027).
            ["RateLimits:SignIn:PerIp"] = "1000000",
            ["RateLimits:SignIn:PerAccount"] = "1000000",
            ["RateLimits:Registration:PerIp"] = "1000000",
            ["RateLimits:Tokens:PerIp"] = "1000000",
            ["RateLimits:Tokens:PerAccount"] = "1000000",
            ["RateLimits:Submissions:PerIp"] = "1000000",
            ["RateLimits:Submissions:PerAccount"] = "1000000",
        };
        var stackSettings = stack == Stack.SqliteDisk ? StackSettings.SqliteDisk(dir) : await StackSettings.PostgresS3Async();
        foreach (var (key, value) in stackSettings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = NasArenaApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(b.Services);
        });
        await NasArenaApp.PrepareAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlatformHost(app, stack, dir, new Uri(address));
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>The pickup folder of this host's mail (when no SMTP server is configured).</summary>
    public string MailFolder => Path.Combine(_dir, "mail");

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => InScopeAsync(async sp => { await work(sp); return 0; });

    public Task<T> DbAsync<T>(Func<NasArenaDb, Task<T>> work) => InScopeAsync(sp => work(sp.GetRequiredService<NasArenaDb>()));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
