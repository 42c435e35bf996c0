using NasArena.Platform.Configuration;

namespace NasArena.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the "Database" configuration section.</summary>
public sealed class DatabaseOptions : IOptionsSection
{
    public static string Section => "Database";

    /// <summary>
    /// "Sqlite" or "Postgres", any case. A string rather than the enum so that a wrong value is reported by
    /// <see cref="Problems"/> with the allowed values, not by the binder's generic conversion error.
    /// </summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>An ADO.NET connection string for the provider.</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/nasarena.db";

    /// <summary>The provider; only read once the options have been validated.</summary>
    public DatabaseProvider ProviderKind => Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var kind)
        ? kind
        : throw new InvalidOperationException(Check.OneOf($"{Section}:{nameof(Provider)}", Provider, "sqlite", "postgres"));

    public IEnumerable<string> Problems() => new[]
    {
        Check.OneOf($"{Section}:{nameof(Provider)}", Provider, "sqlite", "postgres"),
        Check.Required($"{Section}:{nameof(ConnectionString)}", ConnectionString, "a connection string for the provider"),
    }.OfType<string>();
}
