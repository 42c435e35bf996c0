namespace NasArena.Platform.Accounts;

/// <summary>Who is calling: null for anonymous callers.</summary>
public sealed record Actor(Guid UserId, bool IsAdmin);
