namespace NasArena.Platform.Configuration;

/// <summary>
/// An options class bound from one configuration section. <see cref="Problems"/> names each wrong or missing value by
/// its key (e.g. "`Database:Provider` must be one of sqlite, postgres; got 'x'"), so a bad deployment stops at start
/// with a message that says what to change, instead of failing at the first request that needs the value.
/// README.md's configuration table is tested against the classes that implement this (ConfigurationTableTests).
/// </summary>
public interface IOptionsSection
{
    /// <summary>The configuration section, e.g. "Database" (environment variables: Database__Provider, ...).</summary>
    static abstract string Section { get; }

    /// <summary>Empty when the values are usable; otherwise one sentence per fault, naming its key.</summary>
    IEnumerable<string> Problems();
}
