using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using NasArena.Platform.Tests.Infrastructure;
using Npgsql;

namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>The ScaledObjects' query, run against Hangfire.PostgreSql's real schema after work is enqueued on one queue.</summary>
[Trait("Category", "Deploy")]
public sealed class KedaQueryTests
{
    [Fact]
    public async Task TheScalerQueryCountsTheJobsOfItsOwnQueueOnly()
    {
        var connection = await TestServers.NewPostgresDatabaseAsync();
        // The schema as the platform creates it (PlatformSetup: PrepareSchemaIfNecessary).
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
        // Hangfire's log provider is process-wide: the last host a test started set it, and that host may be disposed by now.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new SilentLogProvider());
        var client = new BackgroundJobClient(storage);
        client.Create(() => Console.WriteLine("gpu work"), new EnqueuedState("gpu"));
        client.Create(() => Console.WriteLine("gpu work"), new EnqueuedState("gpu"));
        client.Create(() => Console.WriteLine("cpu work"), new EnqueuedState("cpu"));

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        async Task<long> Count(string queue)
        {
            await using var command = new NpgsqlCommand(KedaQuery.For(queue), db);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        Assert.Equal(2, await Count("gpu"));
        Assert.Equal(1, await Count("cpu"));
    }
}

/// <summary>Logs nothing: this test's client runs outside any host.</summary>
internal sealed class SilentLogProvider : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
{
    public Hangfire.Logging.ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
