using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NasArena.Platform.Data;

namespace NasArena.Migrations.Sqlite;

/// <summary>Used only by `dotnet ef` to build the model for this provider.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NasArenaDb>
{
    public NasArenaDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<NasArenaDb>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = nameof(DatabaseProvider.Sqlite), ConnectionString = "Data Source=design.db" });
        return new NasArenaDb(builder.Options);
    }
}
