using NasArena.Platform.Tests.Infrastructure;

// Hangfire keeps its configured storage in a static (JobStorage.Current): hosts are started one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace NasArena.Attacks.Tests;

/// <summary>The embedded default (SQLite + disk), one host shared by the attack classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteAttacks : ICollectionFixture<SqliteDiskHost>
{
    public const string Name = "Attacks on SQLite + disk";
}

/// <summary>Production (PostgreSQL + S3), one host shared by the attack classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresAttacks : ICollectionFixture<PostgresS3Host>
{
    public const string Name = "Attacks on PostgreSQL + S3";
}
