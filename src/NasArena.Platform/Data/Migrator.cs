using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NasArena.Platform.Data;

/// <summary>
/// The migrate step. Run once before web and workers start (`NasArena.Web migrate`). Two migrate steps started at once
/// (two replicas' init steps, a retried Job) are serialized by a PostgreSQL advisory lock: EF Core's own migration lock
/// did not stop a second step from applying a migration the first had just applied (MigrationTests).
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<NasArenaDb>(), ct);
    }

    /// <summary>An arbitrary constant: the advisory lock key of the migrate step ("NasArena" in ASCII, truncated).</summary>
    private const long LockKey = 0x4E61734172656E61;

    public static async Task MigrateAsync(NasArenaDb db, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (!string.IsNullOrEmpty(path) && path != ":memory:")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }
        }
        if (db.Database.IsNpgsql())
        {
            // Session-level lock on the connection the migrations then use; it goes with the connection if the step dies.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", ct);
                await db.Database.MigrateAsync(ct);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer (web and in-process worker share the file).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>True when migrations exist that the database has not applied: web and worker refuse to start then.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NasArenaDb>();
        return (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    }
}
