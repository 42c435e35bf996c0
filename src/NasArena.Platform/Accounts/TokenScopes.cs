using NasArena.Platform.Errors;

namespace NasArena.Platform.Accounts;

/// <summary>
/// What an API token may do (ADR 0026). Every token reads what its user may see; `submit` adds making uploads and
/// submissions; `manage` adds what an organizer or admin does. No scope lets a token make, list or revoke tokens: that
/// takes a signed-in browser session, so revoking a leaked token ends its access.
/// </summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Submit = "submit";
    public const string Manage = "manage";

    /// <summary>Every scope, in the order they are listed and stored.</summary>
    public static readonly IReadOnlyList<string> All = [Read, Submit, Manage];

    /// <summary>A token made without naming scopes: what a submitting script needs, nothing an organizer does.</summary>
    public static readonly IReadOnlyList<string> Default = [Read, Submit];

    /// <summary>The scopes a request names, checked and completed: null or none gives <see cref="Default"/>; read is always in.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string>? requested)
    {
        var names = (requested ?? []).Select(s => (s ?? "").Trim().ToLowerInvariant()).ToList();
        if (names.Count == 0)
        {
            return Default;
        }
        if (names.FirstOrDefault(n => !All.Contains(n)) is { } unknown)
        {
            throw new InvalidInputException($"'scopes' may hold {string.Join(", ", All)}; got '{unknown}'.");
        }
        return All.Where(s => s == Read || names.Contains(s)).ToList();
    }

    /// <summary>As stored in a token's row: space-separated, in the order of <see cref="All"/>.</summary>
    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);

    public static IReadOnlyList<string> Parse(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
