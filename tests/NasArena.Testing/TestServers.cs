using Npgsql;

namespace NasArena.Testing;

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

    /// <summary>The repository root (<see cref="Repo.Root"/>), kept under this name for the many tests that read it here.</summary>
    public static string RepoRoot => Repo.Root;
}
