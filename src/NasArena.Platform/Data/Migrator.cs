using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NasArena.Platform.Data;

/// <summary>
/// The migrate step. Run once before web and workers start (`NasArena.Web migrate`); EF Core takes a database lock
/// while migrating, so even two migrate steps started at once do not race.
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NasArenaDb>();
        if (db.Database.IsSqlite())
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (!string.IsNullOrEmpty(path) && path != ":memory:")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }
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
