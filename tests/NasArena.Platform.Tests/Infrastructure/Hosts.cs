namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>One host per stack, shared by the test classes of its collection (starting one takes seconds).</summary>
public sealed class SqliteDiskHost : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(Stack.SqliteDisk);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PostgresS3Host : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(Stack.PostgresS3);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteDiskCollection : ICollectionFixture<SqliteDiskHost>
{
    public const string Name = "SQLite + disk (embedded default)";
}

[CollectionDefinition(Name)]
public sealed class PostgresS3Collection : ICollectionFixture<PostgresS3Host>
{
    public const string Name = "PostgreSQL + S3 (production)";
}
