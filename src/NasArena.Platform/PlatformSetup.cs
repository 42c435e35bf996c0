using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Configuration;
using NasArena.Platform.Data;
using NasArena.Platform.Jobs;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tracks;
using NasArena.Platform.Storage;
using NasArena.Platform.Submissions;
using NasArena.Platform.Uploads;

namespace NasArena.Platform;

/// <summary>The services every NasArena process shares (web, worker, migrate step), configured from the Database, Storage, Jobs and Worker sections.</summary>
public static class PlatformSetup
{
    public static IServiceCollection AddNasArenaPlatform(this IServiceCollection services)
    {
        // Bound and validated once each, when the host starts (OptionsSetup); nothing here reads a raw key.
        services.AddOptionsSection<DatabaseOptions>().AddOptionsSection<StorageOptions>().AddOptionsSection<JobOptions>();
        // Checked where track settings are saved (web) and before a run (worker): both processes bind them.
        services.AddOptionsSection<SandboxOptions>();
        services.AddOptionsSection<Jobs.Accounting.AccountingOptions>().AddScoped<Jobs.Accounting.ComputeStatistics>();
        services.AddSingleton(sp => sp.GetRequiredService<SandboxOptions>().Ceilings);
        services.AddOptionsSection<Competitions.CompetitionOptions>();
        services.AddOptionsSection<Submissions.Debug.DebugRunOptions>().AddScoped<Submissions.Debug.DebugRunSettings>();
        services.AddOptionsSection<Jobs.Fairness.FairQueueOptions>().AddScoped<Jobs.Fairness.FairShare>()
            .AddScoped<Jobs.Fairness.FairQueueSettings>();
        services.AddOptionsSection<Notifications.NotificationOptions>().AddScoped<Notifications.SubmissionEndings>()
            .AddScoped<Notifications.SubmissionEndedMailJob>().AddScoped<Notifications.Announcements>().AddScoped<Notifications.AnnouncementMailJob>()
            .AddScoped<Notifications.NotificationPreferences>();
        services.AddSingleton(TimeProvider.System);
        services.AddNasArenaDatabase();
        services.AddSingleton<ProcessScratch>();
        services.AddSingleton<IObjectStore>(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            return storage.IsS3 ? new S3ObjectStore(storage, sp.GetRequiredService<ProcessScratch>().Dir) : new DiskObjectStore(storage.DiskRoot);
        });
        // TryAdd: a test may put its own (a counting wrapper of the same hasher) first.
        services.TryAddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Domain.User>, Microsoft.AspNetCore.Identity.PasswordHasher<Domain.User>>();
        services.AddOptionsSection<Accounts.Mail.MailOptions>().AddSingleton<Accounts.Mail.MailSender>().AddSingleton<Accounts.Mail.MailLinks>()
            .AddScoped<SignUpService>().AddScoped<AccountSecurity>().AddScoped<OrganizerInvitations>();
        services.AddScoped<AccountService>().AddScoped<Access>().AddScoped<CompetitionService>().AddScoped<AssetService>()
            .AddScoped<SubmissionService>().AddScoped<QuotaPolicyService>().AddScoped<SubmissionQueries>().AddScoped<RescoreDiffs>().AddScoped<PredictionPairs>().AddScoped<PhaseRescoreDiffs>().AddScoped<SubmissionCommands>().AddScoped<LeaderboardService>()
            .AddScoped<Leaderboards.Finals.FinalPicks>().AddScoped<Leaderboards.Finals.FinalsSettings>().AddScoped<Leaderboards.Finals.FinalStandingsReader>()
            .AddScoped<AssetStager>().AddScoped<SubmissionStates>().AddScoped<ShardStates>().AddScoped<JobRun>()
            .AddScoped<ScoreSubmissionJob>().AddScoped<ValidateAssetJob>().AddScoped<Assets.Latency.CalibrateLatencyJob>().AddScoped<Assets.Latency.LatencyCalibrationService>().AddScoped<ScoreShardJob>().AddScoped<Watchdog>().AddScoped<Leftovers>()
            .AddSingleton<UploadParts>().AddScoped<UploadService>()
            .AddScoped<Organizing.OrganizerSubmissions>().AddScoped<Organizing.CompetitionStatistics>().AddScoped<Organizing.AdminService>().AddScoped<Organizing.OrganizerParticipants>();
        // Every process (web and worker) puts right at start what a killed one left behind.
        services.AddHostedService<LeftoversAtStart>();
        services.AddSingleton<ScorerRegistry>();
        services.AddSingleton<LeaderboardCache>();
        services.AddSingleton<IScoringQueue, HangfireScoringQueue>();
        services.AddHangfire((sp, hangfire) =>
        {
            // Hangfire's logging is process-wide: see HangfireLogs for why not the host's own factory.
            HangfireLogs.Attach(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>());
            hangfire.UseLogProvider(HangfireLogs.Instance);
            hangfire.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            UseJobStorage(hangfire, sp.GetRequiredService<DatabaseOptions>(), sp.GetRequiredService<JobOptions>().SqliteStorage);
        });
        return services;
    }

    /// <summary>How often the embedded default's job storage (SQLite) looks for new jobs.</summary>
    public static readonly TimeSpan SqliteQueuePollInterval = TimeSpan.FromMilliseconds(200);

    private static void UseJobStorage(IGlobalConfiguration hangfire, DatabaseOptions database, string sqlitePath)
    {
        if (database.ProviderKind == DatabaseProvider.Postgres)
        {
            // Long jobs on PostgreSQL, ADR 0011: a sliding invisibility timeout turns the fetched row into dead-worker
            // detection (a killed worker's job is fetched again after about 5 min, not shown as "Processing" for hours);
            // crashes are capped by the application's attempt counters, not by Hangfire; a 1 s poll suits many worker
            // pods (each worker thread polls; 200 ms would cost PostgreSQL 5 queries a second per thread).
            hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                UseSlidingInvisibilityTimeout = true,
                PrepareSchemaIfNecessary = true,
            });
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sqlitePath))!);
        // The embedded default polls every 200 ms (the package's default is about 15 s): one process on a local file, where a
        // poll costs next to nothing, and a sharded submission makes two queue hops (its job, then its shards' jobs), each
        // of which waited up to a second at 1 s (issue 27).
        hangfire.UseSQLiteStorage(sqlitePath, new SQLiteStorageOptions { QueuePollInterval = SqliteQueuePollInterval });
    }

    /// <summary>Runs scoring jobs in this process: the worker host, or the web process in the embedded all-in-one mode.</summary>
    public static IServiceCollection AddNasArenaWorker(this IServiceCollection services)
    {
        services.AddOptionsSection<WorkerOptions>();
        services.AddHangfireServer((sp, o) =>
        {
            var worker = sp.GetRequiredService<WorkerOptions>();
            o.Queues = worker.ServedQueues;
            o.WorkerCount = worker.WorkerCount;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = worker.ServerName;
            // SIGTERM: fetching stops at once; the jobs' tokens fire after the drain (none in Cancel mode), and they
            // have RequeueAllowance to kill their sandboxes and hand their work back (JobRun) before the host gives up.
            o.StopTimeout = worker.JobStopTimeout;
            o.ShutdownTimeout = worker.JobShutdownTimeout;
        });
        services.AddOptions<HostOptions>().Configure<WorkerOptions>((host, worker) => host.ShutdownTimeout = worker.ShutdownTimeout);
        services.AddHostedService<WatchdogSchedule>();
        return services;
    }
}
