namespace NasArena.Testing;

/// <summary>
/// The configuration of each stack the suite runs on, written once: SQLite + files on disk (the embedded default) and
/// PostgreSQL + S3 (as production, on the servers scripts/test.sh starts). Tests that start several processes on one
/// database and store (web + worker, two webs) share these and add their own keys.
/// </summary>
public static class StackSettings
{
    /// <summary>SQLite (application and Hangfire) and objects on disk, all under <paramref name="dir"/>.</summary>
    public static Dictionary<string, string?> SqliteDisk(string dir) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "nasarena.db")}",
        ["Jobs:SqliteStorage"] = Path.Combine(dir, "hangfire.db"),
        ["Storage:Kind"] = "disk",
        ["Storage:DiskRoot"] = Path.Combine(dir, "objects"),
    };

    /// <summary>A fresh PostgreSQL database and a fresh bucket on the test S3 server (s3rver's fixed keys).</summary>
    public static async Task<Dictionary<string, string?>> PostgresS3Async() => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = await TestServers.NewPostgresDatabaseAsync(),
        ["Storage:Kind"] = "s3",
        ["Storage:S3Endpoint"] = TestServers.S3,
        ["Storage:S3AccessKey"] = "S3RVER",
        ["Storage:S3SecretKey"] = "S3RVER",
        ["Storage:S3Bucket"] = "t" + Guid.NewGuid().ToString("N")[..16],
    };

    /// <summary>The same settings as command-line arguments (<c>--Key=value</c>), for a migration run or a child process.</summary>
    public static string[] AsArguments(IReadOnlyDictionary<string, string?> settings) =>
        settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
}
