using Microsoft.EntityFrameworkCore;
using NasArena.Migrations.Postgres;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Data;

/// <summary>Both providers' migrations match the model, and the migrate step builds a database from nothing.</summary>
[Trait("Category", "Integration")]
public sealed class MigrationTests
{
    [Fact]
    public void ThePostgresMigrationsHaveEveryChangeOfTheModel()
    {
        using var db = new DesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes that migrations/NasArena.Migrations.Postgres lacks: add a migration (migrations/README.md).");
    }

    [Fact]
    public void TheSqliteMigrationsHaveEveryChangeOfTheModel()
    {
        using var db = new NasArena.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes that migrations/NasArena.Migrations.Sqlite lacks: add a migration (migrations/README.md).");
    }

    [Fact]
    public async Task TwoMigrateStepsStartedAtOnceOnPostgresBothSucceed()
    {
        var connection = await TestServers.NewPostgresDatabaseAsync();
        async Task Migrate()
        {
            var options = new DbContextOptionsBuilder<NasArena.Platform.Data.NasArenaDb>();
            NasArena.Platform.Data.DatabaseSetup.Configure(options, new NasArena.Platform.Data.DatabaseOptions
            {
                Provider = nameof(NasArena.Platform.Data.DatabaseProvider.Postgres),
                ConnectionString = connection,
            });
            await using var db = new NasArena.Platform.Data.NasArenaDb(options.Options);
            await NasArena.Platform.Data.Migrator.MigrateAsync(db, CancellationToken.None); // as the migrate step does
        }
        await Task.WhenAll(Migrate(), Migrate());
        var options = new DbContextOptionsBuilder<NasArena.Platform.Data.NasArenaDb>();
        NasArena.Platform.Data.DatabaseSetup.Configure(options, new NasArena.Platform.Data.DatabaseOptions
        {
            Provider = nameof(NasArena.Platform.Data.DatabaseProvider.Postgres),
            ConnectionString = connection,
        });
        await using var check = new NasArena.Platform.Data.NasArenaDb(options.Options);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await check.Submissions.CountAsync());
    }
}
