using Hangfire;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NasArena.Platform;
using NasArena.Platform.Configuration;
using NasArena.Platform.Data;
using NasArena.Platform.Health;
using NasArena.Platform.Telemetry;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Web.Api;
using NasArena.Web.Auth;
using NasArena.Web.Components;
using NasArena.Web.Demo;
using NasArena.Web.RateLimiting;
using Scalar.AspNetCore;

namespace NasArena.Web.Hosting;

/// <summary>
/// Builds the web process. Mode "embedded" (the default) is the all-in-one: SQLite, files on disk, the worker
/// in-process, migrations applied and the demo seeded on start. Mode "web" serves only: it expects the migrate
/// step to have run and workers to run elsewhere (ADR 0001).
/// </summary>
public static class NasArenaApp
{
    public static bool IsEmbedded(IConfiguration config) => NasArenaOptions.From(config).IsEmbedded;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the app's folder, so appsettings.json is found wherever it is started from; data paths
        // (.data/...) stay relative to the working directory.
        // The application name is the web assembly's (not the test host's) so its static web assets manifest is found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(NasArenaApp).Assembly.GetName().Name,
        });
        // Serves the framework's Blazor script (and later the UI's assets) from a build as well as from a publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration.AddSecretFiles(); // production secrets come as files (docker-compose.yml, ADR 0010)
        configure?.Invoke(builder);
        var config = builder.Configuration;
        var services = builder.Services;
        services.AddNasArenaPlatform();
        services.AddOptionsSection<NasArenaOptions>();
        // Traces and metrics; exported over OTLP only when an endpoint is configured (README, Telemetry).
        services.AddNasArenaTelemetry(config, TelemetrySetup.WebService);
        // Mode web hosts the light prediction scorer only, for the prechecks at upload; the embedded mode is also the
        // worker and scores every kind, so it runs from a process that ships them all (NasArena.AllInOne, ADR 0013).
        if (IsEmbedded(config))
        {
            services.AddTrackKinds(TrackCatalog.All.Select(k => k.Kind));
            services.AddNasArenaWorker();
        }
        else
        {
            services.AddTrackKinds(TrackCatalog.All.Where(k => k.ScoredInWeb).Select(k => k.Kind));
        }
        // Readiness: the database and object storage; the embedded mode also runs the job server, so its queues too.
        services.AddNasArenaHealth(servesQueues: IsEmbedded(config));
        services.AddNasArenaAuth();
        services.AddOptionsSection<ProxyOptions>().AddNasArenaForwardedHeaders();
        services.AddNasArenaRateLimits();
        // One key ring for every web replica, in the database they share: without it each replica makes its own keys
        // (in memory in a container), and a cookie made by one is refused by the next behind the load balancer.
        services.AddDataProtection().SetApplicationName("NasArena").PersistKeysToDbContext<NasArenaDb>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "NasArena API";
            doc.Info.Description = "Host neural architecture search challenges: competitions, tracks, phases, submissions, leaderboards. " +
                "Scripts authenticate with a personal API token (Authorization: Bearer nsa_...).";
            return Task.CompletedTask;
        }));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddNasArenaUi();
        services.AddSingleton<LeaderboardJson>();
        services.AddScoped<DemoSeeder>().AddScoped<DemoAccounts>().AddScoped<DemoSteps>();

        var app = builder.Build();
        // Before the pipeline below resolves anything (the Hangfire dashboard takes its job storage, hence the database
        // settings): every wrong setting is named at once, not only the first section something happened to read.
        app.Services.ValidateOptions();
        app.UseNasArenaForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before authentication: what it serves is for visitors with no session and no token (ADR 0025).
        var pageCache = app.Services.GetRequiredService<Components.AnonymousPageCache>();
        app.Use((HttpContext ctx, RequestDelegate next) => pageCache.InvokeAsync(ctx, next));
        app.UseAuthentication();
        app.UseNasArenaRequestChecks();
        // After authentication: the board page shared by signed-in viewers, their own parts spliced in (ADR 0037).
        var sharedPages = app.Services.GetRequiredService<Components.SignedInPageCache>();
        app.Use((HttpContext ctx, RequestDelegate next) => sharedPages.InvokeAsync(ctx, next));
        app.UseAuthorization();
        // After authorization: the per-account limits know the caller, and an unauthorized call is refused before it counts.
        app.UseRateLimiter();
        // The framework's antiforgery for Blazor forms and endpoints (token in the form body); the API keeps its header rule above.
        app.UseAntiforgery();
        // Hangfire's own pages; its POSTs carry its own antiforgery token. Admins only (AdminDashboardAuthorization).
        app.UseHangfireDashboard(Api.AdminDashboardAuthorization.Path, new Hangfire.DashboardOptions
        {
            Authorization = [new Api.AdminDashboardAuthorization()],
            AppPath = "/admin/queues",
            DashboardTitle = "NasArena jobs",
        });

        app.MapOpenApi();
        app.MapScalarApiReference(ApiReference.Configure);
        app.MapStaticAssets();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapNasArenaUiEndpoints();
        app.MapNasArenaHealth(app.Services.GetRequiredService<HealthCheckService>());
        app.MapGroup("/api/v1")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapAccountsApi()
            .MapCompetitionsApi()
            .MapInvitationsApi()
            .MapAssetsApi()
            .MapSubmissionsApi()
            .MapUploadsApi()
            .MapQuotaApi()
            .MapLeaderboardsApi()
            .MapFinalsApi()
            .MapOrganizingApi()
            .MapFairQueueApi()
            .MapNotificationsApi()
            .MapAdminApi();
        return app;
    }

    /// <summary>Before serving: the embedded mode migrates and seeds; the web mode refuses to run on an unmigrated database.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        // Before touching the database: a wrong or missing setting stops here with its key named.
        app.Services.ValidateOptions();
        var options = app.Services.GetRequiredService<NasArenaOptions>();
        if (options.IsEmbedded)
        {
            await Migrator.MigrateAsync(app.Services, CancellationToken.None);
            if (options.SeedDemo)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            }
            return;
        }
        var pending = await Migrator.PendingAsync(app.Services, CancellationToken.None);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run the migrate step first (NasArena.Web migrate).");
        }
    }

    /// <summary>
    /// `reset-demo-passwords`: new passwords for the demo accounts, printed; for when they exist but nobody has their
    /// passwords (lost output, or a database seeded before the passwords were printed). 0 when it printed them.
    /// </summary>
    public static async Task<int> ResetDemoPasswordsAsync(string[] args)
    {
        await using var app = Build(args);
        app.Services.ValidateOptions();
        if (await UnsetDatabaseAsync(app) is { } where)
        {
            Console.Error.WriteLine($"There is no NasArena database at {where} yet: start the app once (bash scripts/run.sh), which seeds " +
                "the demo and prints its accounts.");
            return 1;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<DemoAccounts>().ResetPasswordsAsync(CancellationToken.None);
        if (credentials.Count == 0)
        {
            Console.Error.WriteLine("The database has no demo accounts: start the app (bash scripts/run.sh) to seed the demo.");
            return 1;
        }
        Console.WriteLine(DemoAccounts.Format(credentials));
        return 0;
    }

    /// <summary>Where the database should be when it is missing or unmigrated, else null. Opening a missing SQLite file would create it.</summary>
    private static async Task<string?> UnsetDatabaseAsync(WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        if (database.ProviderKind == DatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
            if (!File.Exists(path))
            {
                return path;
            }
        }
        return (await Migrator.PendingAsync(app.Services, CancellationToken.None)).Count > 0 ? "the configured connection string" : null;
    }

    /// <summary>
    /// `wait-for-migrations`: returns once the database has every migration of this build, polling every 5 s meanwhile
    /// (the database may not even answer yet). The Kubernetes pods run it as an init container: it waits for the
    /// schema, not for a Job object, so it needs no API access and holds whatever ran the migrate step (ADR 0014).
    /// </summary>
    public static async Task WaitForMigrationsAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddSecretFiles();
        builder.Services.AddNasArenaPlatform();
        using var host = builder.Build();
        host.Services.ValidateOptions();
        while (true)
        {
            string waiting;
            try
            {
                var pending = await Migrator.PendingAsync(host.Services, CancellationToken.None);
                if (pending.Count == 0)
                {
                    Console.WriteLine("The database has every migration.");
                    return;
                }
                waiting = $"{pending.Count} migration(s) pending ({string.Join(", ", pending)}): waiting for the migrate step";
            }
            catch (Exception e) when (Platform.Jobs.FaultKind.IsOutage(e))
            {
                waiting = $"the database does not answer yet ({e.GetBaseException().Message})";
            }
            Console.WriteLine(waiting);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The one-shot migrate step of a production deployment.</summary>
    public static async Task MigrateAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddSecretFiles();
        builder.Services.AddNasArenaPlatform();
        using var host = builder.Build();
        host.Services.ValidateOptions();
        await Migrator.MigrateAsync(host.Services, CancellationToken.None);
        Console.WriteLine("Database migrated.");
    }
}
