using System.Collections.Concurrent;
using NasArena.Platform.Accounts;
using NasArena.Web.Hosting;

namespace NasArena.Web.Auth;

/// <summary>
/// What a session cookie is checked against (the user's admin flag, name, disabled state and security stamp), kept per
/// user for <see cref="NasArenaOptions.SessionFreshFor"/> (10 s) so that a signed-in request costs no database round trip
/// (ADR 0036, amending ADR 0023).
/// <para>
/// The bound: a change made by this process (disable, admin right, password change, sign out everywhere: any SaveChanges
/// on those columns) moves <see cref="SessionChanges.LocalGeneration"/> and drops every kept user at once, so the next
/// cookie request here reads the row. A change made by another process (another web replica) is seen by this one at most
/// <see cref="NasArenaOptions.SessionFreshFor"/> after it: an entry is used only while younger than that, counted from
/// before its row was read.
/// </para>
/// </summary>
public sealed class SessionCache(TimeProvider clock, NasArenaOptions options, SessionChanges changes)
{
    /// <summary>Past this many kept users the expired ones are dropped (and all of them if that is not enough).</summary>
    private const int MaxUsers = 100_000;

    private sealed record Entry(Task<SessionUser?> Read, long Generation, long ReadAt);

    private readonly ConcurrentDictionary<Guid, Entry> _users = new();

    /// <summary>
    /// The user's session facts: kept ones while fresh and no local change happened since, else <paramref name="read"/>'s.
    /// One read at a time per user: the requests that arrive while it runs wait for it (a browser opens several at once),
    /// rather than each asking the database.
    /// </summary>
    /// <param name="read">Must not depend on the calling request's cancellation: other requests may wait for its answer.</param>
    public async Task<SessionUser?> GetAsync(Guid userId, Func<Task<SessionUser?>> read)
    {
        var freshFor = options.SessionFreshFor;
        if (freshFor <= TimeSpan.Zero)
        {
            return await read();
        }
        // Both taken before the read: a change committed while it runs either moves the generation (this process) or is
        // younger than the entry's age says (another process), so the entry never outlives the bound.
        var generation = changes.LocalGeneration;
        var now = clock.GetTimestamp();
        if (_users.TryGetValue(userId, out var kept) && kept.Generation == generation && clock.GetElapsedTime(kept.ReadAt, now) < freshFor
            && !kept.Read.IsFaulted && !kept.Read.IsCanceled)
        {
            return await kept.Read;
        }
        if (_users.Count >= MaxUsers)
        {
            Trim(now, freshFor);
        }
        var entry = new Entry(read(), generation, now);
        _users[userId] = entry;
        try
        {
            return await entry.Read;
        }
        catch
        {
            _users.TryRemove(KeyValuePair.Create(userId, entry)); // a failed read is not kept: the next request reads again
            throw;
        }
    }

    /// <summary>How many users are kept (for tests and diagnostics).</summary>
    public int Count => _users.Count;

    private void Trim(long now, TimeSpan freshFor)
    {
        foreach (var (id, entry) in _users)
        {
            if (clock.GetElapsedTime(entry.ReadAt, now) >= freshFor)
            {
                _users.TryRemove(id, out _);
            }
        }
        if (_users.Count >= MaxUsers)
        {
            _users.Clear();
        }
    }
}
