using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NasArena.Platform.Data;

namespace NasArena.Migrations.Postgres;

/// <summary>Used only by `dotnet ef` to build the model for this provider.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NasArenaDb>
{
    public NasArenaDb CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<NasArenaDb>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = nameof(DatabaseProvider.Postgres), ConnectionString = "Host=127.0.0.1;Database=design" });
        return new NasArenaDb(builder.Options);
    }
}
