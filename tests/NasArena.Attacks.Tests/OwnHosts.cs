namespace NasArena.Attacks.Tests;

/// <summary>
/// Attack classes that start hosts of their own (low rate limits, a counting hasher, trusted proxies). Apart from the
/// shared hosts' collections: Hangfire's storage is a static (JobStorage.Current), so a host started while a shared one
/// lives would take over its job storage, and the shared host's next enqueue would fail.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OwnHostAttacks
{
    public const string Name = "Attacks on hosts of their own";
}
