using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Jobs;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Scoring;
using NasArena.Platform.Storage;
using NasArena.Platform.Submissions;

namespace NasArena.Platform;

/// <summary>The services every NasArena process shares (web, worker, migrate step), configured by connection strings.</summary>
public static class PlatformSetup
{
    public static IServiceCollection AddNasArenaPlatform(this IServiceCollection services, IConfiguration config)
    {
        var database = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var storage = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var jobs = config.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(database).AddSingleton(storage).AddSingleton(jobs);
        services.AddSingleton(TimeProvider.System);
        services.AddNasArenaDatabase(database);
        var kind = storage.Kind.ToLowerInvariant() is "disk" or "s3" ? storage.Kind.ToLowerInvariant()
            : throw new InvalidOperationException($"Storage:Kind must be 'disk' or 's3', not '{storage.Kind}'.");
        services.AddSingleton<ProcessScratch>();
        services.AddSingleton<IObjectStore>(sp => kind == "disk"
            ? new DiskObjectStore(storage.DiskRoot)
            : new S3ObjectStore(storage, sp.GetRequiredService<ProcessScratch>().Dir));
        services.AddScoped<AccountService>().AddScoped<Access>().AddScoped<CompetitionService>().AddScoped<AssetService>()
            .AddScoped<SubmissionService>().AddScoped<SubmissionQueries>().AddScoped<LeaderboardService>()
            .AddScoped<AssetStager>().AddScoped<SubmissionStates>().AddScoped<ShardStates>().AddScoped<JobRun>()
            .AddScoped<ScoreSubmissionJob>().AddScoped<ScoreShardJob>().AddScoped<Watchdog>().AddScoped<Leftovers>();
        // Every process (web and worker) puts right at start what a killed one left behind.
        services.AddHostedService<LeftoversAtStart>();
        services.AddSingleton<ScorerRegistry>();
        services.AddSingleton<IScoringQueue, HangfireScoringQueue>();
        services.AddHangfire((sp, hangfire) =>
        {
            hangfire.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            UseJobStorage(hangfire, database, config["Jobs:SqliteStorage"] ?? ".data/hangfire.db");
        });
        return services;
    }

    private static void UseJobStorage(IGlobalConfiguration hangfire, DatabaseOptions database, string sqlitePath)
    {
        if (database.Provider == DatabaseProvider.Postgres)
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
        // The embedded default polls every second (the package's default is about 15 s, see machine-facts).
        hangfire.UseSQLiteStorage(sqlitePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
    }

    /// <summary>Runs scoring jobs in this process: the worker host, or the web process in the embedded all-in-one mode.</summary>
    public static IServiceCollection AddNasArenaWorker(this IServiceCollection services, IConfiguration config)
    {
        var queues = config.GetSection("Worker:Queues").Get<string[]>() ?? [Queues.Cpu, Queues.Gpu];
        var workers = config.GetValue<int?>("Worker:Count") ?? Math.Max(2, Environment.ProcessorCount);
        services.AddHangfireServer(o =>
        {
            o.Queues = queues;
            o.WorkerCount = workers;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = config["Worker:Name"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        services.AddHostedService<WatchdogSchedule>();
        return services;
    }
}
