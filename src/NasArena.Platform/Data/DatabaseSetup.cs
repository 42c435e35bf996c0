using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NasArena.Platform.Data;

public static class DatabaseSetup
{
    // Each provider has its own migrations assembly under migrations/ (ADR 0002).
    public const string SqliteMigrations = "NasArena.Migrations.Sqlite";
    public const string PostgresMigrations = "NasArena.Migrations.Postgres";

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.ProviderKind)
        {
            case DatabaseProvider.Postgres:
                // No retrying execution strategy: quota checks run in explicit serializable transactions.
                builder.UseNpgsql(options.ConnectionString, o => o.MigrationsAssembly(PostgresMigrations));
                break;
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(options.ConnectionString, o => o.MigrationsAssembly(SqliteMigrations));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.ProviderKind}'.");
        }
    }

    public static IServiceCollection AddNasArenaDatabase(this IServiceCollection services) =>
        services.AddSingleton<Accounts.SessionChanges>().AddDbContext<NasArenaDb>((sp, b) =>
        {
            Configure(b, sp.GetRequiredService<DatabaseOptions>());
            // A change to what a session cookie is checked against drops the web's session cache in this process (ADR 0036).
            b.AddInterceptors(sp.GetRequiredService<Accounts.SessionChanges>());
        });
}
