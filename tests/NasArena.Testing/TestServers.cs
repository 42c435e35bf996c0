using Npgsql;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// The real servers the suite runs against. scripts/test.sh starts PostgreSQL and s3rver on loopback ports and
/// exports their addresses; a test that needs them fails loudly when they are not there (it never skips).
/// </summary>
public static class TestServers
{
    public static string Postgres => Environment.GetEnvironmentVariable("NASARENA_TEST_POSTGRES")
        ?? throw new InvalidOperationException("NASARENA_TEST_POSTGRES is not set: run the suite with scripts/test.sh, which starts PostgreSQL.");

    public static string S3 => Environment.GetEnvironmentVariable("NASARENA_TEST_S3")
        ?? throw new InvalidOperationException("NASARENA_TEST_S3 is not set: run the suite with scripts/test.sh, which starts an S3 server (s3rver).");

    /// <summary>A fresh, empty database on the test server for one host.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var name = "nasarena_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NasArena.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (NasArena.sln) above " + AppContext.BaseDirectory);
        }
    }
}
